using System.Globalization;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

public sealed class UsageCsvWriterTests
{
    private static readonly DateTimeOffset _at = new(2026, 6, 10, 14, 30, 5, TimeSpan.FromHours(2));

    [Fact]
    public void WriteRecords_TwoRowsWithSpecialCharacters_WritesExactRfc4180Output()
    {
        var options = new UsageCsvOptions
        {
            Columns = [UsageCsvColumn.Timestamp, UsageCsvColumn.Model, UsageCsvColumn.UserId, UsageCsvColumn.Tags, UsageCsvColumn.EstimatedCost, UsageCsvColumn.ActualCost, UsageCsvColumn.CacheHit, UsageCsvColumn.LatencyMs],
        };
        UsageRecord[] records =
        [
            new() { Timestamp = _at, Model = "gpt-4o, mini", UserId = "say \"hi\"", Tags = ["a", "b"], EstimatedCost = 0.0012300m, ActualCost = 0.5m, CacheHit = true, LatencyMs = 1234.5 },
            new() { Timestamp = _at.AddMilliseconds(250), Model = "line1\nline2", UserId = "cr\rx", Tags = ["crlf\r\nend"], EstimatedCost = 1m },
        ];
        var writer = new StringWriter();

        var count = UsageCsvWriter.WriteRecords(records, writer, options);

        Assert.Equal(2, count);
        Assert.Equal(
            "timestamp,model,user_id,tags,estimated_cost,actual_cost,cache_hit,latency_ms\r\n"
            + "2026-06-10T12:30:05Z,\"gpt-4o, mini\",\"say \"\"hi\"\"\",a;b,0.0012300,0.5,true,1234.5\r\n"
            + "2026-06-10T12:30:05.25Z,\"line1\nline2\",\"cr\rx\",\"crlf\r\nend\",1,,,\r\n",
            writer.ToString());
    }

    [Fact]
    public void WriteRecords_DefaultOptions_WritesEveryDefaultColumnInOrder()
    {
        var record = new UsageRecord
        {
            Timestamp = _at, RequestId = "r1", Provider = "openai", Model = "gpt-4o", Service = "chat", Status = "success",
            ErrorType = "none", UserId = "u1", TeamId = "t1", KeyAlias = "k1", SessionId = "s1", Tags = ["x"],
            PromptTokens = 100, CompletionTokens = 20, CachedPromptTokens = 10, CacheWriteTokens = 5, ReasoningTokens = 3,
            EstimatedCost = 0.01m, ActualCost = 0.02m, Currency = "EUR", LatencyMs = 100, TimeToFirstTokenMs = 12.25, CacheHit = false,
        };
        var writer = new StringWriter();

        UsageCsvWriter.WriteRecords([record], writer);

        Assert.Equal(
            "timestamp,request_id,provider,model,service,status,error_type,user_id,team_id,key_alias,session_id,tags,"
            + "prompt_tokens,completion_tokens,total_tokens,cached_prompt_tokens,cache_write_tokens,reasoning_tokens,"
            + "estimated_cost,actual_cost,effective_cost,currency,latency_ms,time_to_first_token_ms,cache_hit\r\n"
            + "2026-06-10T12:30:05Z,r1,openai,gpt-4o,chat,success,none,u1,t1,k1,s1,x,100,20,120,10,5,3,0.01,0.02,0.02,EUR,100,12.25,false\r\n",
            writer.ToString());
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1+2", "\"'+1+2\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    public void WriteRecords_FormulaStartInUserText_NeutralisesEveryTextColumn(string value, string expectedCell)
    {
        var record = new UsageRecord
        {
            Timestamp = _at, Model = value, UserId = value, Tags = [value], Dimensions = new Dictionary<string, string> { ["dept"] = value },
        };
        var options = new UsageCsvOptions
        {
            Columns = [UsageCsvColumn.Model, UsageCsvColumn.UserId, UsageCsvColumn.Tags, UsageCsvColumn.Dimension("dept")],
            IncludeHeader = false,
        };
        var writer = new StringWriter();

        UsageCsvWriter.WriteRecords([record], writer, options);

        Assert.Equal(string.Join(",", Enumerable.Repeat(expectedCell, 4)) + "\r\n", writer.ToString());
    }

    [Fact]
    public void WriteRecords_NegativeActualCost_StaysANumber()
    {
        var record = new UsageRecord { Timestamp = _at, EstimatedCost = -1.25m, ActualCost = -0.5m };
        var options = new UsageCsvOptions { Columns = [UsageCsvColumn.EstimatedCost, UsageCsvColumn.ActualCost, UsageCsvColumn.EffectiveCost], IncludeHeader = false };
        var writer = new StringWriter();

        UsageCsvWriter.WriteRecords([record], writer, options);

        Assert.Equal("-1.25,-0.5,-0.5\r\n", writer.ToString());
    }

    [Fact]
    public void WriteRecords_CustomColumns_WritesHeaderAndValuesInThatOrder()
    {
        var record = new UsageRecord
        {
            Timestamp = _at, Model = "m", TeamId = "t", PromptTokens = 7, CacheWriteOneHourTokens = 4, AudioDurationSeconds = 2.50m,
            Dimensions = new Dictionary<string, string> { ["env"] = "prod" },
        };
        var options = new UsageCsvOptions
        {
            Columns = [UsageCsvColumn.Dimension("env"), UsageCsvColumn.PromptTokens, UsageCsvColumn.TeamId, UsageCsvColumn.Dimension("missing"), UsageCsvColumn.CacheWriteOneHourTokens, UsageCsvColumn.AudioDurationSeconds, UsageCsvColumn.Model],
        };
        var writer = new StringWriter();

        UsageCsvWriter.WriteRecords([record], writer, options);

        Assert.Equal("dimension:env,prompt_tokens,team_id,dimension:missing,cache_write_1h_tokens,audio_duration_seconds,model\r\nprod,7,t,,4,2.50,m\r\n", writer.ToString());
    }

    [Fact]
    public void WriteRecords_NoHeader_ReturnsRowCountOnly()
    {
        var writer = new StringWriter();

        var count = UsageCsvWriter.WriteRecords([new UsageRecord { Timestamp = _at }], writer, new UsageCsvOptions { Columns = [UsageCsvColumn.PromptTokens], IncludeHeader = false });

        Assert.Equal((1L, "0\r\n"), (count, writer.ToString()));
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    public void WriteRecords_UnderAnotherCulture_IsByteIdenticalToInvariant(string culture)
    {
        var records = CultureRecords();
        var invariant = Export(records, CultureInfo.InvariantCulture);

        var local = Export(records, new CultureInfo(culture));

        Assert.Equal(",", new CultureInfo(culture).NumberFormat.NumberDecimalSeparator); // the culture really differs
        Assert.Equal(invariant, local);
        Assert.Contains(",1234567.891,", invariant, StringComparison.Ordinal);
        Assert.Contains(",0.000001,", invariant, StringComparison.Ordinal);
        Assert.Contains(",12.5,", invariant, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteRecordsAsync_SameRows_WritesWhatTheSyncWriterWrites()
    {
        var records = CultureRecords();
        var sync = new StringWriter();
        UsageCsvWriter.WriteRecords(records, sync);
        var async = new StringWriter();

        var count = await UsageCsvWriter.WriteRecordsAsync(ToAsync(Enumerable.Repeat(records, 2000).SelectMany(r => r)), async);

        Assert.Equal(4000, count);
        var syncBody = sync.ToString();
        var header = syncBody[..(syncBody.IndexOf("\r\n", StringComparison.Ordinal) + 2)];
        Assert.Equal(header + string.Concat(Enumerable.Repeat(syncBody[header.Length..], 2000)), async.ToString());
    }

    [Fact]
    public async Task WriteRecordsAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => UsageCsvWriter.WriteRecordsAsync(ToAsync(CultureRecords()), new StringWriter(), null, cts.Token));
    }

    [Fact]
    public void WriteRecords_NullRecord_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => UsageCsvWriter.WriteRecords([null!], new StringWriter()));
    }

    private static UsageRecord[] CultureRecords() =>
    [
        new() { Timestamp = _at, Model = "m", EstimatedCost = 1234567.891m, ActualCost = 0.000001m, LatencyMs = 12.5, TimeToFirstTokenMs = 0.25, PromptTokens = 1_000_000, CacheHit = true },
        new() { Timestamp = _at.AddHours(-30), Model = "n", EstimatedCost = 0.1m, LatencyMs = 1e-7 },
    ];

    private static string Export(IEnumerable<UsageRecord> records, CultureInfo culture)
    {
        var (culture0, ui0) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            var writer = new StringWriter(CultureInfo.CurrentCulture);
            UsageCsvWriter.WriteRecords(records, writer);
            return writer.ToString();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture0;
            CultureInfo.CurrentUICulture = ui0;
        }
    }

    internal static async IAsyncEnumerable<UsageRecord> ToAsync(IEnumerable<UsageRecord> records)
    {
        foreach (var record in records)
        {
            await Task.Yield();
            yield return record;
        }
    }
}
