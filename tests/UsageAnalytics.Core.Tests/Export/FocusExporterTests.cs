using System.Globalization;
using UsageAnalytics.Analytics;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>FOCUS 1.2 export: the spec's columns, exact money per meter, UTC periods, escaping and culture independence.</summary>
public sealed partial class FocusExporterTests
{
    private static readonly DateTimeOffset _day = new(2026, 2, 10, 0, 0, 0, TimeSpan.Zero);

    private static readonly PriceBook _prices = PriceBook.Create(
    [
        new ModelPrice
        {
            Id = "gpt-test",
            Provider = "openai",
            Mode = "chat",
            Rates = new Dictionary<string, decimal>(StringComparer.Ordinal)
            {
                ["input_cost_per_token"] = 0.000001m,
                ["output_cost_per_token"] = 0.000004m,
                ["cache_read_input_token_cost"] = 0.0000005m,
                ["cache_creation_input_token_cost"] = 0.00000125m,
            },
        },
    ]);

    private static readonly UsageRecord[] _twoRecords =
    [
        new UsageRecord
        {
            RequestId = "a", Timestamp = _day.AddHours(13).AddMinutes(45), Provider = "openai", Model = "gpt-test", TeamId = "core",
            Service = "chat", Tags = ["env:prod", "beta"], Dimensions = new Dictionary<string, string> { ["department"] = "R&D" },
            PromptTokens = 1000, CachedPromptTokens = 200, CompletionTokens = 500, EstimatedCost = 0.0029m, ActualCost = 0.0058m,
        },
        new UsageRecord
        {
            RequestId = "b", Timestamp = _day.AddHours(20).AddMinutes(10), Provider = "openai", Model = "gpt-test", TeamId = "core",
            Service = "chat", Tags = ["beta", "env:prod"], Dimensions = new Dictionary<string, string> { ["department"] = "R&D" },
            PromptTokens = 100, CompletionTokens = 50, EstimatedCost = 0.0003m,
        },
    ];

    private const string Header =
        "BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,"
        + "ChargeDescription,ChargePeriodEnd,ChargePeriodStart,ContractedCost,EffectiveCost,InvoiceIssuerName,ListCost,PricingQuantity,"
        + "PricingUnit,ProviderName,PublisherName,ServiceCategory,ServiceName,ChargeFrequency,ConsumedQuantity,ConsumedUnit,ResourceId,"
        + "ResourceName,ServiceSubcategory,SkuId,SkuMeter,SubAccountId,SubAccountName,Tags,x_RequestCount,x_ActualizedRequestCount\r\n";

    private const string TagsCell = "\"{\"\"beta\"\":true,\"\"department\"\":\"\"R&D\"\",\"\"env\"\":\"\"prod\"\"}\"";

    [Fact]
    public void Columns_Header_HoldsEveryFocus12MandatoryColumnAndTheIssuesList()
    {
        // The 21 columns whose "Feature level" is Mandatory in FOCUS 1.2, read from
        // FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec at tag v1.2, specification/columns/*.md.
        string[] mandatory =
        [
            "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
            "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost",
            "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
            "ServiceCategory", "ServiceName",
        ];

        // Issue 11's list of FOCUS columns to fill.
        string[] issue =
        [
            "BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "BillingCurrency", "ChargePeriodStart", "ChargePeriodEnd",
            "BillingPeriodStart", "BillingPeriodEnd", "ChargeCategory", "ServiceCategory", "ServiceName", "ProviderName", "ResourceId",
            "SubAccountId", "ConsumedQuantity", "ConsumedUnit", "SkuMeter", "PricingQuantity", "Tags",
        ];
        var writer = new StringWriter();

        FocusExporter.Write([], writer);

        Assert.Equal(Header, writer.ToString());
        Assert.Equal(mandatory, FocusExporter.Columns.Take(mandatory.Length));
        Assert.All(issue, column => Assert.Contains(column, FocusExporter.Columns));
        Assert.All(FocusExporter.Columns.Skip(mandatory.Length + 11), column => Assert.StartsWith("x_", column, StringComparison.Ordinal));
    }

    [Fact]
    public void Write_TwoRecordsWithPriceBook_SplitsCostByListPriceIntoMeterRows()
    {
        var writer = new StringWriter();

        var result = FocusExporter.Write(_twoRecords, writer, new FocusExportOptions { PriceBook = _prices });

        const string common = ",default,,USD,2026-03-01T00:00:00Z,2026-02-01T00:00:00Z,Usage,,";
        const string period = ",2026-02-11T00:00:00Z,2026-02-10T00:00:00Z,";
        Assert.Equal(
            Header
            + "0.0017" + common + "gpt-test Input Tokens" + period + "0.0017,0.0017,openai,0.0009,900,Tokens,openai,openai,AI and Machine Learning,chat,Usage-Based,900,Tokens,gpt-test,gpt-test,Generative AI,openai/gpt-test/input,Input Tokens,core,core," + TagsCell + ",2,1\r\n"
            + "0.0002" + common + "gpt-test Cached Input Tokens" + period + "0.0002,0.0002,openai,0.0001,200,Tokens,openai,openai,AI and Machine Learning,chat,Usage-Based,200,Tokens,gpt-test,gpt-test,Generative AI,openai/gpt-test/cached-input,Cached Input Tokens,core,core," + TagsCell + ",1,1\r\n"
            + "0.0042" + common + "gpt-test Output Tokens" + period + "0.0042,0.0042,openai,0.0022,550,Tokens,openai,openai,AI and Machine Learning,chat,Usage-Based,550,Tokens,gpt-test,gpt-test,Generative AI,openai/gpt-test/output,Output Tokens,core,core," + TagsCell + ",2,1\r\n",
            writer.ToString());
        Assert.Equal(new FocusExportResult { Records = 2, RowsWritten = 3, BilledCost = 0.0061m }, result);
    }

    [Fact]
    public void Write_TwoRecordsWithoutPriceBook_PutsTheWholeCostOnOneTokensRow()
    {
        var writer = new StringWriter();

        var result = FocusExporter.Write(_twoRecords, writer, new FocusExportOptions { InvoiceIssuerName = "Acme Gateway", BillingAccountName = "Acme" });

        Assert.Equal(
            Header
            + "0.0061,default,Acme,USD,2026-03-01T00:00:00Z,2026-02-01T00:00:00Z,Usage,,gpt-test Tokens,2026-02-11T00:00:00Z,2026-02-10T00:00:00Z,"
            + "0.0061,0.0061,Acme Gateway,0.0032,1650,Tokens,openai,openai,AI and Machine Learning,chat,Usage-Based,1650,Tokens,gpt-test,gpt-test,"
            + "Generative AI,openai/gpt-test/tokens,Tokens,core,core," + TagsCell + ",2,1\r\n",
            writer.ToString());
        Assert.Equal(new FocusExportResult { Records = 2, RowsWritten = 1, UnpricedRecords = 2, BilledCost = 0.0061m }, result);
    }

    [Fact]
    public void Write_RecordWithoutTokens_BecomesARequestsRowSoNoCostIsLost()
    {
        UsageRecord[] records =
        [
            new UsageRecord { Timestamp = _day, Model = "whisper-x", Service = "stt", EstimatedCost = 0.02m },
            new UsageRecord { Timestamp = _day, Model = "whisper-x", Service = "stt", EstimatedCost = 0.03m, ActualCost = 0.035m },
        ];
        var writer = new StringWriter();

        var result = FocusExporter.Write(records, writer, new FocusExportOptions { PriceBook = _prices });

        var row = Assert.Single(CsvTestReader.ReadRecords(writer.ToString()));
        Assert.Equal(
            ("0.055", "0.05", "2", "Requests", "Requests", "Unknown", "stt", "Unknown/whisper-x/requests", "", "2", "1"),
            (row["BilledCost"], row["ListCost"], row["ConsumedQuantity"], row["ConsumedUnit"], row["SkuMeter"], row["ProviderName"],
             row["ServiceName"], row["SkuId"], row["SubAccountId"], row["x_RequestCount"], row["x_ActualizedRequestCount"]));
        Assert.Equal((2L, 0.055m), (result.UnpricedRecords, result.BilledCost));
    }

    [Fact]
    public void Write_PerSecondPricedRecord_PutsItsCostOnTheRequestsMeterAndKeepsItsTokens()
    {
        var prices = PriceBook.Create(
        [
            new ModelPrice
            {
                Id = "voice-test",
                Mode = "audio_transcription",
                Rates = new Dictionary<string, decimal>(StringComparer.Ordinal) { ["input_cost_per_second"] = 0.0001m },
            },
        ]);
        var record = new UsageRecord { Timestamp = _day, Model = "voice-test", AudioDurationSeconds = 60m, CompletionTokens = 100, EstimatedCost = 0.007m, ActualCost = 0.014m };
        var writer = new StringWriter();

        var result = FocusExporter.Write([record], writer, new FocusExportOptions { PriceBook = prices });

        Assert.Equal(
            [("Output Tokens", "0", "0", "100"), ("Requests", "0.014", "0.006", "1")],
            CsvTestReader.ReadRecords(writer.ToString()).Select(r => (r["SkuMeter"], r["BilledCost"], r["ListCost"], r["ConsumedQuantity"])));
        Assert.Equal((0L, 0.014m), (result.UnpricedRecords, result.BilledCost));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Write_RandomRows_BilledCostAddsUpExactlyToEffectiveCostPerGroupAndInTotal(int seed)
    {
        var random = new Random(seed);
        var records = Enumerable.Range(0, 2000).Select(_ => RandomRecord(random)).ToList();
        var writer = new StringWriter();

        var result = FocusExporter.Write(records, writer, new FocusExportOptions { PriceBook = _prices, ChargePeriod = TimeBucketSize.Hour });

        var exported = records.Where(r => r.Currency == "USD").ToList();
        var rows = CsvTestReader.ReadRecords(writer.ToString());
        var expected = exported
            .GroupBy(r => (Hour: r.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH", CultureInfo.InvariantCulture), r.Model ?? "", r.TeamId ?? ""))
            .ToDictionary(g => g.Key, g => g.Sum(r => r.EffectiveCost));
        var actual = rows
            .GroupBy(r => (Hour: r["ChargePeriodStart"][..13], r["ResourceId"], r["SubAccountId"]))
            .ToDictionary(g => g.Key, g => g.Sum(r => decimal.Parse(r["BilledCost"], NumberStyles.Float, CultureInfo.InvariantCulture)));
        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
        Assert.Equal(exported.Sum(r => r.EffectiveCost), result.BilledCost);
        Assert.Equal(result.BilledCost, rows.Sum(r => decimal.Parse(r["EffectiveCost"], NumberStyles.Float, CultureInfo.InvariantCulture)));
        Assert.Equal(records.Count - exported.Count, result.OtherCurrencyRecords);
        Assert.Equal(
            exported.Sum(r => r.PromptTokens + r.CompletionTokens),
            rows.Where(r => r["ConsumedUnit"] == "Tokens").Sum(r => long.Parse(r["ConsumedQuantity"], CultureInfo.InvariantCulture)));
        Assert.Equal(
            exported.Count(r => r.PromptTokens + r.CompletionTokens == 0),
            rows.Where(r => r["ConsumedUnit"] == "Requests").Sum(r => long.Parse(r["ConsumedQuantity"], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Write_OtherCurrencyRecord_IsCountedNotWritten()
    {
        UsageRecord[] records =
        [
            new UsageRecord { Timestamp = _day, Model = "m", PromptTokens = 10, EstimatedCost = 1m },
            new UsageRecord { Timestamp = _day, Model = "m", PromptTokens = 10, EstimatedCost = 5m, Currency = "EUR" },
        ];
        var writer = new StringWriter();

        var result = FocusExporter.Write(records, writer);

        var row = Assert.Single(CsvTestReader.ReadRecords(writer.ToString()));
        Assert.Equal(("1", "10"), (row["BilledCost"], row["ConsumedQuantity"]));
        Assert.Equal(new FocusExportResult { Records = 2, RowsWritten = 1, OtherCurrencyRecords = 1, UnpricedRecords = 1, BilledCost = 1m }, result);
    }

    [Fact]
    public void Write_HourlyPeriods_AreUtcHoursAndTheBillingMonthContainsThem()
    {
        UsageRecord[] records =
        [
            new UsageRecord { Timestamp = new DateTimeOffset(2026, 2, 28, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999), Model = "m", PromptTokens = 1, EstimatedCost = 1m },
            new UsageRecord { Timestamp = new DateTimeOffset(2026, 3, 1, 1, 30, 0, TimeSpan.FromHours(2)), Model = "m", PromptTokens = 1, EstimatedCost = 2m },
            new UsageRecord { Timestamp = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), Model = "m", PromptTokens = 1, EstimatedCost = 4m },
        ];
        var writer = new StringWriter();

        FocusExporter.Write(records, writer, new FocusExportOptions { ChargePeriod = TimeBucketSize.Hour });

        var rows = CsvTestReader.ReadRecords(writer.ToString());
        Assert.Equal(
            [
                ("2026-02-28T23:00:00Z", "2026-03-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "3"),
                ("2026-03-01T00:00:00Z", "2026-03-01T01:00:00Z", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "4"),
            ],
            rows.Select(r => (r["ChargePeriodStart"], r["ChargePeriodEnd"], r["BillingPeriodStart"], r["BillingPeriodEnd"], r["BilledCost"])));
    }

    [Fact]
    public void Write_DailyPeriods_AreUtcDaysWhateverTheRecordsOffset()
    {
        UsageRecord[] records =
        [
            new UsageRecord { Timestamp = new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.FromHours(-5)), Model = "m", PromptTokens = 1, EstimatedCost = 1m },
            new UsageRecord { Timestamp = new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.FromHours(1)), Model = "m", PromptTokens = 1, EstimatedCost = 2m },
        ];
        var writer = new StringWriter();

        FocusExporter.Write(records, writer);

        var rows = CsvTestReader.ReadRecords(writer.ToString());
        Assert.Equal(
            [
                ("2026-12-31T00:00:00Z", "2027-01-01T00:00:00Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "2"),
                ("2027-01-01T00:00:00Z", "2027-01-02T00:00:00Z", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z", "1"),
            ],
            rows.Select(r => (r["ChargePeriodStart"], r["ChargePeriodEnd"], r["BillingPeriodStart"], r["BillingPeriodEnd"], r["BilledCost"])));
    }

    [Theory]
    [InlineData(TimeBucketSize.Minute)]
    [InlineData(TimeBucketSize.Week)]
    [InlineData(TimeBucketSize.Month)]
    public void Write_ChargePeriodOtherThanHourOrDay_Throws(TimeBucketSize size)
    {
        var error = Assert.Throws<ArgumentException>(() => FocusExporter.Write([], new StringWriter(), new FocusExportOptions { ChargePeriod = size }));

        Assert.Equal("options", error.ParamName);
    }

    private static async IAsyncEnumerable<UsageRecord> Stream(IEnumerable<UsageRecord> records)
    {
        foreach (var record in records)
        {
            await Task.Yield();
            yield return record;
        }
    }

    private static UsageRecord RandomRecord(Random random)
    {
        var prompt = random.Next(4) == 0 ? 0 : random.Next(1, 5000);
        var cached = prompt == 0 ? 0 : random.Next(0, prompt + 1);
        var written = prompt == 0 ? 0 : random.Next(0, prompt - cached + 1);
        var estimated = Math.Round((decimal)random.NextDouble() * 0.1m, random.Next(0, 11));
        return new UsageRecord
        {
            Timestamp = _day.AddMinutes(random.Next(0, 3 * 1440)),
            Provider = random.Next(3) == 0 ? null : "openai",
            Model = random.Next(4) switch { 0 => "gpt-test", 1 => "unknown-model", 2 => null, _ => "gpt-test" },
            TeamId = random.Next(3) switch { 0 => null, 1 => "core", _ => "ml" },
            Tags = random.Next(2) == 0 ? [] : ["a"],
            PromptTokens = prompt,
            CachedPromptTokens = cached,
            CacheWriteTokens = written,
            CompletionTokens = random.Next(3) == 0 ? 0 : random.Next(0, 3000),
            EstimatedCost = random.Next(20) == 0 ? -estimated : estimated,
            ActualCost = random.Next(2) == 0 ? null : Math.Round((decimal)random.NextDouble(), random.Next(0, 19)),
            Currency = random.Next(15) == 0 ? "EUR" : "USD",
        };
    }
}
