namespace UsageAnalytics.Analytics;

public sealed class FixedMoneyTests
{
    [Theory]
    [InlineData("0", true)]
    [InlineData("1.5", true)]
    [InlineData("-0.000000000000000001", true)]
    [InlineData("0.00000000000000000100", true)]
    [InlineData("0.00022500000000000002", false)]
    [InlineData("79228162514264337593543950335", false)]
    [InlineData("79228162515", false)]
    [InlineData("79228162514", true)]
    [InlineData("-79228162514.264337593", true)]
    [InlineData("79228162514.264337594", false)]
    public void TryToUnits_Value_IsFixedOnlyWhenExact(string text, bool exact)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        var isFixed = FixedMoney.TryToUnits(value, out var units);

        Assert.Equal(exact, isFixed);
        if (isFixed)
        {
            Assert.Equal(value, FixedMoney.ToDecimal(units));
        }
    }

    [Fact]
    public void Add_MixOfFixedAndInexactValues_SumsExactly()
    {
        decimal[] values = [0.1m, 0.2m, 0.00022500000000000002m, 123456.123456789012345678m, -0.3m, 1e-18m];
        var sum = default(MoneySum);

        foreach (var value in values)
        {
            sum.Add(new FixedMoney(value));
        }

        Assert.Equal(values.Sum(), sum.Total);
    }

    [Fact]
    public void AddUnits_PastTheFixedRange_FallsBackWithoutLosingMoney()
    {
        var sum = default(MoneySum);
        var big = 100_000_000_000_000_000_000m;

        sum.Add(new FixedMoney(big));
        sum.Add(new FixedMoney(big));
        sum.Add(new FixedMoney(0.5m));

        Assert.Equal(200_000_000_000_000_000_000.5m, sum.Total);
    }

    [Fact]
    public void AddUnits_SumLeavingTheInt128Range_CarriesTheRestExactly()
    {
        var sum = default(MoneySum);

        sum.AddUnits(Int128.MaxValue - 5);
        sum.AddUnits(10);
        sum.AddUnits(1);

        Assert.Equal(FixedMoney.ToDecimal(Int128.MaxValue - 5) + 0.000000000000000011m, sum.Total);
    }
}
