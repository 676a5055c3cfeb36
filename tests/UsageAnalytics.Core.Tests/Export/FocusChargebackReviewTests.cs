using System.Globalization;
using UsageAnalytics.Analytics;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>Review findings on FOCUS and chargeback (issue 11): money beyond range, year 9999, tag JSON escaping, token counts.</summary>
public sealed partial class FocusChargebackReviewTests
{
    private static readonly DateTimeOffset _at = new(2026, 2, 10, 13, 0, 0, TimeSpan.Zero);

    private const string HugeCostMessage = "Usage record 'r1' at 2026-02-10T13:00:00.0000000+00:00: EstimatedCost is beyond ±10^15 "
        + "(50000000000000000000000000000), not the cost of one call; sums of such values would overflow. (Parameter 'record')";

    private static UsageRecord Row(decimal cost = 0.01m) => new()
    {
        RequestId = "r1",
        Timestamp = _at,
        Provider = "openai",
        Model = "gpt-test",
        TeamId = "team-a",
        PromptTokens = 100,
        CompletionTokens = 10,
        EstimatedCost = cost,
    };

    private static PriceBook Prices(decimal inputPerToken, bool allMeters = false) => PriceBook.Create(
    [
        new ModelPrice
        {
            Id = "gpt-test",
            Provider = "openai",
            Mode = "chat",
            Rates = allMeters
                ? new Dictionary<string, decimal>(StringComparer.Ordinal)
                {
                    ["input_cost_per_token"] = inputPerToken,
                    ["output_cost_per_token"] = inputPerToken * 4,
                    ["cache_read_input_token_cost"] = inputPerToken / 2,
                    ["cache_creation_input_token_cost"] = inputPerToken * 1.25m,
                }
                : new Dictionary<string, decimal>(StringComparer.Ordinal) { ["input_cost_per_token"] = inputPerToken },
        },
    ]);

    private static ChargebackOptions Chargeback() =>
        new() { Dimension = UsageDimension.Team, PeriodStart = _at.AddDays(-1), PeriodEnd = _at.AddDays(1) };

    private static async IAsyncEnumerable<UsageRecord> Async(params UsageRecord[] records)
    {
        foreach (var record in records)
        {
            await Task.Yield();
            yield return record;
        }
    }

    private static Dictionary<string, string> OnlyRow(string csv) => Assert.Single(CsvTestReader.ReadRecords(csv));

    // ---------------------------------------------------------------- money beyond range

    [Fact]
    public void Write_CostBeyondFixedMoneyRange_ThrowsArgumentExceptionNamingTheRecordAndWritesNothing()
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);

        var exception = Record.Exception(() => FocusExporter.Write([Row(5e28m), Row(5e28m)], writer));

        Assert.Equal(typeof(ArgumentException), exception?.GetType());
        Assert.Equal(HugeCostMessage, exception!.Message);
        Assert.Equal(string.Empty, writer.ToString());
    }

    [Fact]
    public async Task WriteAsync_CostBeyondFixedMoneyRange_ThrowsArgumentExceptionAndWritesNothing()
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);

        var exception = await Record.ExceptionAsync(() => FocusExporter.WriteAsync(Async(Row(), Row(5e28m)), writer));

        Assert.Equal(HugeCostMessage, Assert.IsType<ArgumentException>(exception).Message);
        Assert.Equal(string.Empty, writer.ToString());
    }

    [Theory]
    [InlineData("-1000000000000000.0000001", null)]
    [InlineData("0", "1000000000000001")]
    [InlineData("0", "-79228162514264337593543950335")]
    public void Write_EitherCostBeyondTenToTheFifteenthEitherSign_ThrowsArgumentException(string estimated, string? actual)
    {
        var record = Row(decimal.Parse(estimated, CultureInfo.InvariantCulture)) with
        {
            ActualCost = actual is null ? null : decimal.Parse(actual, CultureInfo.InvariantCulture),
        };
        var writer = new StringWriter(CultureInfo.InvariantCulture);

        var exception = Assert.Throws<ArgumentException>(() => FocusExporter.Write([record], writer));

        Assert.StartsWith("Usage record 'r1' at 2026-02-10T13:00:00.0000000+00:00: " + (actual is null ? "EstimatedCost" : "ActualCost") + " is beyond ±10^15", exception.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, writer.ToString());
    }

    [Fact]
    public void Write_CostsAtTheBoundAndCredits_AreExportedExactly()
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);

        var result = FocusExporter.Write([Row(1e15m), Row(1e15m), Row(-1e15m), Row(-0.25m)], writer);

        Assert.Equal(999999999999999.75m, result.BilledCost);
        Assert.Equal("999999999999999.75", OnlyRow(writer.ToString())["BilledCost"]);
    }

    [Fact]
    public void Write_ListCostsSumBeyondDecimalRange_ThrowsArgumentExceptionNamingTheRecordAndWritesNothing()
    {
        // Each record is valid (cost 1) but its list cost is 4.6e28 under this price book: two of them leave the decimal range.
        var record = Row(1m) with { PromptTokens = 4_600_000_000_000_000_000, CompletionTokens = 0 };
        var writer = new StringWriter(CultureInfo.InvariantCulture);

        var exception = Record.Exception(() => FocusExporter.Write([record, record with { RequestId = "r2" }], writer, new FocusExportOptions { PriceBook = Prices(10_000_000_000m) }));

        Assert.Equal(typeof(ArgumentException), exception?.GetType());
        Assert.IsType<OverflowException>(exception!.InnerException);
        Assert.StartsWith("Usage record 'r2' at 2026-02-10T13:00:00.0000000+00:00: adding its costs takes a sum beyond the decimal range", exception.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, writer.ToString());
    }

    [Fact]
    public void Write_LargeCostOverTinyListCost_SplitsWithoutOverflow()
    {
        // cost / list total = 1e15 / 1e-18 is beyond the decimal range: the share is computed part / total × cost instead.
        var record = Row(1e15m) with { PromptTokens = 1, CompletionTokens = 0 };
        var writer = new StringWriter(CultureInfo.InvariantCulture);

        var result = FocusExporter.Write([record], writer, new FocusExportOptions { PriceBook = Prices(0.000000000000000001m) });

        var row = OnlyRow(writer.ToString());
        Assert.Equal(("Input Tokens", "1000000000000000", "0.000000000000000001"), (row["SkuMeter"], row["BilledCost"], row["ListCost"]));
        Assert.Equal((1e15m, 0L), (result.BilledCost, result.UnpricedRecords));
    }

    [Fact]
    public void Create_AmountsBeyondFixedMoneyRange_ThrowsArgumentExceptionNamingTheRecord()
    {
        var exception = Record.Exception(() => ChargebackCalculator.Create([Row(5e28m), Row(5e28m)], Chargeback()));

        Assert.Equal(typeof(ArgumentException), exception?.GetType());
        Assert.Equal(HugeCostMessage, exception!.Message);
    }

    [Fact]
    public async Task CreateAsync_ActualCostBeyondRangeOutsideThePeriod_ThrowsArgumentException()
    {
        var record = Row() with { ActualCost = -2e15m, Timestamp = _at.AddDays(30) };

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => ChargebackCalculator.CreateAsync(Async(Row(), record), Chargeback()));

        Assert.Equal(
            "Usage record 'r1' at 2026-03-12T13:00:00.0000000+00:00: ActualCost is beyond ±10^15 (-2000000000000000), not the cost of one call; sums of such values would overflow. (Parameter 'record')",
            exception.Message);
    }

    [Fact]
    public void Create_CostsAtTheBoundAndCredits_AreChargedExactly()
    {
        var statement = ChargebackCalculator.Create([Row(1e15m), Row(1e15m), Row(-0.005m)], Chargeback());

        Assert.Equal((1999999999999999.995m, 2000000000000000.00m), (statement.ExactTotal, statement.Total));
        Assert.Equal(2000000000000000.00m, Assert.Single(statement.Accounts).Amount);
    }
}
