using System.Globalization;
using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>Chargeback statements: exact sums, the stated rounding rule, period bounds, currencies, CSV.</summary>
public sealed class ChargebackCalculatorTests
{
    private static readonly DateTimeOffset _start = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _end = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly decimal _third = 1m / 3m;

    private static ChargebackOptions Options(UsageDimension? dimension = null) =>
        new() { Dimension = dimension ?? UsageDimension.Team, PeriodStart = _start, PeriodEnd = _end };

    private static UsageRecord Row(string? team, string? model, decimal cost, DateTimeOffset? at = null) =>
        new() { Timestamp = at ?? _start.AddDays(3), TeamId = team, Model = model, EstimatedCost = cost, PromptTokens = 10, CompletionTokens = 5 };

    [Fact]
    public void Create_ThreeAccountsOfAThirdEach_ResidueGoesToTheFirstKeyOfTheTie()
    {
        var statement = ChargebackCalculator.Create([Row("c", "m", _third), Row("a", "m", _third), Row("b", "m", _third)], Options());

        Assert.Equal(
            [("a", 0.34m), ("b", 0.33m), ("c", 0.33m)],
            statement.Accounts.Select(a => (a.Key, a.Amount)));
        Assert.Equal((1.00m, 0.9999999999999999999999999999m), (statement.Total, statement.ExactTotal));
        Assert.Equal(0.34m, Assert.Single(statement.Accounts[0].Lines).Amount);
    }

    [Fact]
    public void Create_ThreeLinesOfAThirdEach_AddUpToTheAccount()
    {
        var statement = ChargebackCalculator.Create([Row("core", "m2", _third), Row("core", "m1", _third), Row("core", "m3", _third)], Options());

        var account = Assert.Single(statement.Accounts);
        Assert.Equal(
            [("m1", 0.34m), ("m2", 0.33m), ("m3", 0.33m)],
            account.Lines.Select(l => (l.Model, l.Amount)));
        Assert.Equal((1.00m, 1.00m), (account.Amount, statement.Total));
        Assert.Equal(_third, account.Lines[1].ExactAmount);
    }

    [Fact]
    public void Create_Midpoints_RoundAwayFromZeroByDefaultAndCreditsWork()
    {
        var statement = ChargebackCalculator.Create([Row("a", "m", 0.125m), Row("b", "m", -0.125m), Row("b", "n", -0.01m)], Options());

        Assert.Equal([("a", 0.13m), ("b", -0.14m)], statement.Accounts.Select(a => (a.Key, a.Amount)));
        Assert.Equal([("n", -0.01m), ("m", -0.13m)], statement.Accounts[1].Lines.Select(l => (l.Model, l.Amount)));
        Assert.Equal((-0.01m, -0.01m), (statement.Total, statement.ExactTotal));
        Assert.StartsWith("Amounts are in USD, rounded to 2 decimal places (halves away from zero).", statement.RoundingRule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Create_RandomStatements_LinesAddUpToAccountsAndAccountsToTheRoundedExactTotal(int seed)
    {
        var random = new Random(seed);
        MidpointRounding[] rules = [MidpointRounding.AwayFromZero, MidpointRounding.ToEven, MidpointRounding.ToZero];
        for (var n = 0; n < 1000; n++)
        {
            var options = Options() with { DecimalPlaces = random.Next(0, 7), Rounding = rules[random.Next(rules.Length)] };
            var records = Enumerable.Range(0, random.Next(0, 40)).Select(_ => Row(
                random.Next(6) switch { 0 => null, var i => "team" + i },
                random.Next(5) switch { 0 => null, var i => "model" + i },
                (random.Next(5) == 0 ? -1 : 1) * Math.Round((decimal)random.NextDouble() * random.Next(1, 1000), random.Next(0, 12)),
                _start.AddHours(random.Next(-48, 24 * 30)))).ToList();

            var statement = ChargebackCalculator.Create(records, options);

            var included = records.Where(r => r.Timestamp >= _start && r.Timestamp < _end).ToList();
            Assert.Equal(included.Sum(r => r.EffectiveCost), statement.ExactTotal);
            Assert.Equal(decimal.Round(statement.ExactTotal, options.DecimalPlaces, options.Rounding), statement.Total);
            Assert.Equal(statement.Total, statement.Accounts.Sum(a => a.Amount));
            Assert.All(statement.Accounts, a =>
            {
                Assert.Equal(a.Amount, a.Lines.Sum(l => l.Amount));
                Assert.Equal(a.ExactAmount, a.Lines.Sum(l => l.ExactAmount));
                Assert.All(a.Lines, l => Assert.Equal(l.Amount, decimal.Round(l.Amount, options.DecimalPlaces)));
            });
            Assert.Equal((included.Count, records.Count - included.Count), (statement.RecordsIncluded, statement.RecordsOutsidePeriod));
        }
    }

    [Fact]
    public void Create_PeriodBounds_StartIncludedEndExcluded()
    {
        UsageRecord[] records =
        [
            Row("a", "m", 1m, _start.AddTicks(-1)),
            Row("a", "m", 2m, _start),
            Row("a", "m", 4m, _end.AddTicks(-1)),
            Row("a", "m", 8m, _end),
            Row("a", "m", 16m, new DateTimeOffset(2026, 3, 1, 0, 30, 0, TimeSpan.FromHours(1))),
        ];

        var statement = ChargebackCalculator.Create(records, Options());

        Assert.Equal((22m, 3L, 2L), (statement.Total, statement.RecordsIncluded, statement.RecordsOutsidePeriod));
    }

    [Fact]
    public void Create_OtherCurrency_IsCountedNotCharged()
    {
        var statement = ChargebackCalculator.Create([Row("a", "m", 1m), Row("a", "m", 5m) with { Currency = "EUR" }, Row("a", "m", 2m) with { Currency = "usd" }], Options());

        Assert.Equal((3m, 2L, 1L), (statement.Total, statement.RecordsIncluded, statement.OtherCurrencyRecords));
    }

    [Fact]
    public void Create_CustomDepartmentDimension_ChargesEachDepartmentAndNoneForTheRest()
    {
        static UsageRecord Dept(string? department, decimal cost) => Row(null, "m", cost) with
        {
            Dimensions = department is null ? EmptyDimensionsFor() : new Dictionary<string, string> { ["department"] = department },
        };

        var statement = ChargebackCalculator.Create(
            [Dept("R&D", 3m), Dept("Sales", 1m), Dept(null, 2m), Dept(" ", 0.5m), Dept("R&D", 1m)],
            Options(UsageDimension.Custom("department")));

        Assert.Equal(
            [("R&D", "R&D", 4m, 2L), (null, "(none)", 2.5m, 2L), ("Sales", "Sales", 1m, 1L)],
            statement.Accounts.Select(a => (a.Key, a.Label, a.Amount, a.Requests)));
    }

    [Fact]
    public void Create_TagDimension_ChargesTheFirstNonBlankTagOnce()
    {
        var statement = ChargebackCalculator.Create([Row("a", "m", 1m) with { Tags = [" ", "x", "y"] }, Row("a", "m", 2m) with { Tags = ["y"] }], Options(UsageDimension.Tag));

        Assert.Equal([("y", 2m), ("x", 1m)], statement.Accounts.Select(a => (a.Key, a.Amount)));
        Assert.Equal(3m, statement.Total);
    }

    [Fact]
    public void WriteCsv_SmallStatement_WritesLinesSubtotalsAndTotal()
    {
        var statement = ChargebackCalculator.Create(
            [Row("core", "gpt", 1.005m) with { ActualCost = 1.2m }, Row("core", null, 0.3m), Row(null, "=cmd", _third)],
            Options());
        var writer = new StringWriter();

        statement.WriteCsv(writer);

        const string period = ",USD,2026-02-01T00:00:00Z,2026-03-01T00:00:00Z\r\n";
        Assert.Equal(
            "RowType,AccountKey,AccountLabel,Model,Requests,ActualizedRequests,InputTokens,OutputTokens,Amount,ExactAmount,Currency,PeriodStart,PeriodEnd\r\n"
            + "line,core,core,gpt,1,1,10,5,1.20,1.2" + period
            + "line,core,core,,1,0,10,5,0.30,0.3" + period
            + "account,core,core,,2,1,20,10,1.50,1.5" + period
            + "line,,(none),\"'=cmd\",1,0,10,5,0.33,0.3333333333333333333333333333" + period
            + "account,,(none),,1,0,10,5,0.33,0.3333333333333333333333333333" + period
            + "total,,,,3,1,30,15,1.83,1.8333333333333333333333333333" + period,
            writer.ToString());
    }

    [Fact]
    public void WriteCsv_UnderCommaDecimalCulture_WritesInvariantNumbers()
    {
        var statement = ChargebackCalculator.Create([Row("a", "m", 1234.5m)], Options() with { DecimalPlaces = 3 });
        var invariant = new StringWriter();
        statement.WriteCsv(invariant);
        var previous = CultureInfo.CurrentCulture;
        var german = new StringWriter();
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            statement.WriteCsv(german);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Equal(invariant.ToString(), german.ToString());
        Assert.Contains(",1234.500,1234.5,", german.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BadOptions_Throw()
    {
        Assert.Throws<ArgumentException>(() => ChargebackCalculator.Create([], Options() with { PeriodEnd = _start }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChargebackCalculator.Create([], Options() with { DecimalPlaces = 7 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChargebackCalculator.Create([], Options() with { DecimalPlaces = -1 }));
        Assert.Throws<ArgumentException>(() => ChargebackCalculator.Create([], Options() with { Currency = " " }));
    }

    [Fact]
    public async Task CreateAsync_FromAsyncStream_EqualsCreate()
    {
        UsageRecord[] records = [Row("a", "m", 1.111m), Row("b", "m", 2.222m), Row("a", "n", 3.333m)];

        var statement = await ChargebackCalculator.CreateAsync(Stream(records), Options());

        var expected = ChargebackCalculator.Create(records, Options());
        Assert.Equal(
            expected.Accounts.Select(a => (a.Key, a.Amount, a.ExactAmount, string.Join("|", a.Lines.Select(l => l.Model + "=" + l.Amount)))),
            statement.Accounts.Select(a => (a.Key, a.Amount, a.ExactAmount, string.Join("|", a.Lines.Select(l => l.Model + "=" + l.Amount)))));
        Assert.Equal((6.67m, 3L), (statement.Total, statement.RecordsIncluded));
    }

    private static Dictionary<string, string> EmptyDimensionsFor() => new(StringComparer.Ordinal);

    private static async IAsyncEnumerable<UsageRecord> Stream(IEnumerable<UsageRecord> records)
    {
        foreach (var record in records)
        {
            await Task.Yield();
            yield return record;
        }
    }
}
