using UsageAnalytics.Costs;

namespace UsageAnalytics.Sample;

public sealed class UsageJsonLinesTests
{
    private const string CamelRow = """
        {"requestId":"r1","timestamp":"2026-08-06T14:30:00Z","provider":"openai","model":"gpt-4o","service":"chat","status":"failure","errorType":"429","userId":"u","teamId":"t","keyAlias":"k","sessionId":"s","tags":["a"],"dimensions":{"department":"d"},"promptTokens":10,"completionTokens":20,"cachedPromptTokens":4,"cacheWriteTokens":2,"cacheWriteFiveMinuteTokens":1,"cacheWriteOneHourTokens":1,"reasoningTokens":5,"audioDurationSeconds":12.5,"characterCount":42,"serviceTier":"flex","estimatedCost":0.00012,"actualCost":3.4e-05,"currency":"USD","latencyMs":812.5,"timeToFirstTokenMs":120,"cacheHit":false,"costBreakdown":{"relay_meta":{"request_id":"r1"}}}
        """;

    private const string SnakeRow = """
        {"request_id":"r1","timestamp":"2026-08-06T14:30:00Z","provider":"openai","model":"gpt-4o","service":"chat","status":"failure","error_type":"429","user_id":"u","team_id":"t","key_alias":"k","session_id":"s","tags":["a"],"dimensions":{"department":"d"},"prompt_tokens":10,"completion_tokens":20,"cached_prompt_tokens":4,"cache_write_tokens":2,"cache_write_five_minute_tokens":1,"cache_write_one_hour_tokens":1,"reasoning_tokens":5,"audio_duration_seconds":12.5,"character_count":42,"service_tier":"flex","estimated_cost":0.00012,"actual_cost":3.4e-05,"currency":"USD","latency_ms":812.5,"time_to_first_token_ms":120,"cache_hit":false,"cost_breakdown":{"relay_meta":{"request_id":"r1"}}}
        """;

    [Fact]
    public void ParseLine_CamelCaseRow_ReadsEveryField()
    {
        var record = UsageJsonLines.ParseLine(CamelRow);

        Assert.Equal("r1", record.RequestId);
        Assert.Equal(new DateTimeOffset(2026, 8, 6, 14, 30, 0, TimeSpan.Zero), record.Timestamp);
        Assert.Equal(("openai", "gpt-4o", "chat", "failure", "429"), (record.Provider, record.Model, record.Service, record.Status, record.ErrorType));
        Assert.Equal(("u", "t", "k", "s"), (record.UserId, record.TeamId, record.KeyAlias, record.SessionId));
        Assert.Equal(["a"], record.Tags);
        Assert.Equal("d", record.Dimensions["department"]);
        Assert.Equal("flex", record.Dimensions["service_tier"]);
        Assert.Equal((10, 20, 4, 2, 5), (record.PromptTokens, record.CompletionTokens, record.CachedPromptTokens, record.CacheWriteTokens, record.ReasoningTokens));
        Assert.Equal((1L, 1L), (record.CacheWriteFiveMinuteTokens, record.CacheWriteOneHourTokens));
        Assert.Equal((12.5m, 42L), (record.AudioDurationSeconds, record.CharacterCount));
        Assert.Equal(0.00012m, record.EstimatedCost);
        Assert.Equal(0.000034m, record.ActualCost);
        Assert.Equal((812.5, 120.0), (record.LatencyMs, record.TimeToFirstTokenMs));
        Assert.False(record.CacheHit);
        Assert.Equal("r1", (string?)record.CostBreakdown!["relay_meta"]!["request_id"]);
    }

    [Fact]
    public void ParseLine_SnakeCaseRow_ReadsTheSameRecordAsCamelCase()
    {
        var snake = UsageJsonLines.ParseLine(SnakeRow);

        RecordAssert.Same(UsageJsonLines.ParseLine(CamelRow), snake);
        Assert.All(UsageJsonLines.Fields, field => Assert.Contains("\"" + field.Snake + "\":", SnakeRow, StringComparison.Ordinal));
    }

    [Fact]
    public void ParseLine_PascalCaseNames_AreReadAsDotNetWritesThem()
    {
        var record = UsageJsonLines.ParseLine("""{"RequestId":"r9","Timestamp":"2026-08-06T14:30:00+02:00","EstimatedCost":0.5,"CacheHit":true}""");

        Assert.Equal(("r9", 0.5m, (bool?)true), (record.RequestId, record.EstimatedCost, record.CacheHit));
        Assert.Equal(new DateTimeOffset(2026, 8, 6, 12, 30, 0, TimeSpan.Zero), record.Timestamp);
    }

    [Fact]
    public void ParseLine_MinimalRow_KeepsCollectionsNonNullAndNullsAbsent()
    {
        var record = UsageJsonLines.ParseLine("""{"timestamp":"2026-08-06T14:30:00Z","tags":null,"dimensions":null,"prompt_tokens":null,"estimated_cost":null,"currency":null}""");

        Assert.Empty(record.Tags);
        Assert.Empty(record.Dimensions);
        Assert.Equal("USD", record.Currency);
        Assert.Null(record.RequestId);
        Assert.Equal((0L, 0m), (record.PromptTokens, record.EstimatedCost));
    }

    [Theory]
    [InlineData("\"0.0021\"", "0.0021")]
    [InlineData("\"3.4e-05\"", "0.000034")]
    [InlineData("\" 12.50 \"", "12.50")]
    [InlineData("0.00022500000000000002", "0.00022500000000000002")]
    public void ParseLine_MoneyAsNumberOrNumericString_ReadsItInvariantly(string json, string expected)
    {
        var record = UsageJsonLines.ParseLine("{\"timestamp\":\"2026-08-06T14:30:00Z\",\"estimated_cost\":" + json + ",\"actualCost\":" + json + "}");

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), record.EstimatedCost);
        Assert.Equal(record.EstimatedCost, record.ActualCost);
    }

    [Theory]
    [InlineData("\"True\"", true)]
    [InlineData("\"False\"", false)]
    [InlineData("\"None\"", null)]
    [InlineData("true", true)]
    [InlineData("null", null)]
    public void ParseLine_CacheHitAsLiteLLMWritesIt_IsRead(string json, bool? expected)
    {
        var record = UsageJsonLines.ParseLine("{\"timestamp\":\"2026-08-06T14:30:00Z\",\"cache_hit\":" + json + "}");

        Assert.Equal(expected, record.CacheHit);
    }

    [Fact]
    public void ParseLine_EveryProblemOnALine_IsReportedAtOnceInOrder()
    {
        var line = """{"request_id":"r","prompt_tokens":"12","estimated_cost":-1,"oops":1,"cacheHit":"maybe","tags":["a",3],"latency_ms":-5}""";

        var error = Assert.Throws<UsageLineException>(() => UsageJsonLines.ParseLine(line, 7));

        Assert.Equal(7, error.Line);
        Assert.Null(error.Column);
        Assert.Equal(
            [
                "expected a number for 'prompt_tokens', got a string",
                "'estimated_cost' must not be negative, got -1",
                "unknown key 'oops'",
                "expected a boolean (or LiteLLM's \"True\", \"False\", \"None\") for 'cacheHit', got a string",
                "expected a string for 'tags[1]', got a number",
                "'latency_ms' must not be negative, got -5",
                "'timestamp' is missing (ISO-8601 with an offset, for example 2026-08-06T14:30:00Z)",
            ],
            error.Problems);
        Assert.StartsWith("line 7: expected a number for 'prompt_tokens', got a string; ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseLine_SameFieldUnderBothNames_IsAnErrorNamingBoth()
    {
        var error = Assert.Throws<UsageLineException>(() => UsageJsonLines.ParseLine(
            """{"requestId":"a","timestamp":"2026-08-06T14:30:00Z","request_id":"b","estimatedCost":1,"EstimatedCost":2}"""));

        Assert.Equal(
            [
                "'requestId' and 'request_id' are the same field (requestId): give it once",
                "'estimatedCost' and 'EstimatedCost' are the same field (estimatedCost): give it once",
            ],
            error.Problems);
    }

    [Fact]
    public void ParseLine_KeysGivenTwice_AreNamedWhereverTheyAre()
    {
        var error = Assert.Throws<UsageLineException>(() => UsageJsonLines.ParseLine(
            """{"timestamp":"2026-08-06T14:30:00Z","model":"a","model":"b","oops":1,"oops":2,"dimensions":{"d":"x","d":"y"},"costBreakdown":{"relay_meta":{"request_id":"r","request_id":"s"}}}"""));

        Assert.Equal(
            [
                "'model' is given twice",
                "unknown key 'oops'",
                "unknown key 'oops' is given twice",
                "'dimensions.d' is given twice",
                "'costBreakdown.relay_meta.request_id' is given twice",
            ],
            error.Problems);
    }

    [Fact]
    public void ParseLine_EscapedLoneSurrogate_IsARowProblemNotACrash()
    {
        var error = Assert.Throws<UsageLineException>(() => UsageJsonLines.ParseLine(
            """{"timestamp":"2026-08-06T14:30:00Z","model":"\ud800","tags":["\udc00"],"estimated_cost":"\ud800"}"""));

        Assert.Equal(
            [
                "'model' holds an escaped lone surrogate (not text)",
                "'tags[0]' holds an escaped lone surrogate (not text)",
                "'estimated_cost' holds an escaped lone surrogate (not text)",
            ],
            error.Problems);
    }

    [Theory]
    [InlineData("\"2026-08-06T14:30:00\"")]
    [InlineData("\"2026-08-06\"")]
    [InlineData("\"2026-08-06 14:30:00Z\"")]
    [InlineData("\"yesterday\"")]
    [InlineData("\"0001-01-01T00:00:00Z\"")]
    public void ParseLine_TimestampWithoutOffsetOrUnreadable_IsRefused(string json)
    {
        var error = Assert.Throws<UsageLineException>(() => UsageJsonLines.ParseLine("{\"timestamp\":" + json + "}"));

        Assert.StartsWith("'timestamp' needs an ISO-8601 timestamp with an offset", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","estimatedCost":"1,5"}""", "expected a number or a numeric string (invariant culture, 0.0021) for 'estimatedCost', got \"1,5\"")]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","promptTokens":12.5}""", "expected a whole number of tokens for 'promptTokens', got 12.5")]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","completion_tokens":-3}""", "'completion_tokens' must not be negative, got -3")]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","actual_cost":1e400}""", "'actual_cost' is out of range for an amount of money: 1e400")]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","model":42}""", "expected a string for 'model', got a number")]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","cost_breakdown":[1]}""", "expected an object for 'cost_breakdown', got an array")]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z","dimensions":{"team":1}}""", "expected a string for 'dimensions.team', got a number")]
    [InlineData("""{"timestamp":12}""", "expected a string (ISO-8601 timestamp with an offset) for 'timestamp', got a number")]
    public void ParseLine_WrongValue_NamesTheKeyAndTheExpectedType(string line, string expected)
    {
        var error = Assert.Throws<UsageLineException>(() => UsageJsonLines.ParseLine(line));

        Assert.Equal(expected, Assert.Single(error.Problems));
    }

    [Fact]
    public void ParseLine_NotAnObject_SaysWhatItIs()
    {
        var error = Assert.Throws<UsageLineException>(() => UsageJsonLines.ParseLine("[1,2]"));

        Assert.Equal("expected a JSON object (one usage row), got an array", Assert.Single(error.Problems));
    }

    [Theory]
    [InlineData("""{"model":"é","x":}""", 18)]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z",""", 36)]
    [InlineData("""{"timestamp":"2026-08-06T14:30:00Z" "model":"x"}""", 37)]
    public void ParseLine_InvalidJson_GivesTheColumnInCharacters(string line, int column)
    {
        var error = Assert.Throws<UsageLineException>(() => UsageJsonLines.ParseLine(line, 4));

        Assert.Equal((4, (int?)column), (error.Line, error.Column));
        Assert.StartsWith("invalid JSON: ", Assert.Single(error.Problems), StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"line 4, column {column}: invalid JSON: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadFileAsync_ExampleFile_BackfillsTheIdKeptOnlyInTheBreakdown()
    {
        var records = await UsageJsonLines.ReadFileAsync(Path.Combine(AppContext.BaseDirectory, "usage.example.jsonl"), new CostBreakdownMerger());

        Assert.Equal(6, records.Count);
        Assert.Equal("chatcmpl-0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c03", records[2].RequestId);
        Assert.Equal(5, records.Count(r => r.HasRequestId));
        Assert.Null(records[5].RequestId);
    }

    [Fact]
    public async Task ReadFileAsync_WithoutMerger_LeavesRowsAsWritten()
    {
        var records = await UsageJsonLines.ReadFileAsync(Path.Combine(AppContext.BaseDirectory, "usage.example.jsonl"));

        Assert.Equal(2, records.Count(r => r.RequestId is null));
        Assert.Contains(records, r => r.CostBreakdown?["estimated_stt_cost"] is not null);
    }

    [Fact]
    public async Task ReadFileAsync_BadLines_NamesFileFirstLineWithEveryProblemAndTheOthers()
    {
        using var directory = new TempDirectory();
        var path = directory.File("bad.jsonl");
        await File.WriteAllLinesAsync(path, [
            """{"timestamp":"2026-08-06T14:30:00Z"}""",
            "",
            """{"oops":1,"prompt_tokens":"x"}""",
            """{"timestamp":"2026-08-06T14:30:00Z"}""",
            """{"timestamp":"2026-08-06T14:30:00Z",""",
            """{"b":1}""",
        ]);

        var error = await Assert.ThrowsAsync<SampleUsageException>(() => UsageJsonLines.ReadFileAsync(path));

        Assert.Equal(
            $"usage file '{path}' line 3: unknown key 'oops'; expected a number for 'prompt_tokens', got a string; "
            + "'timestamp' is missing (ISO-8601 with an offset, for example 2026-08-06T14:30:00Z) (2 more bad lines: 5, 6)",
            error.Message);
    }

    [Fact]
    public async Task WriteFileAsync_ThenReadFileAsync_GivesEqualRecords()
    {
        using var directory = new TempDirectory();
        var path = directory.File("rows.jsonl");
        var generated = LiteLLMEmulator.UsageDataGenerator.Generate(new LiteLLMEmulator.UsageGeneratorOptions
        {
            End = new DateTimeOffset(2026, 8, 6, 15, 30, 0, TimeSpan.Zero),
            RowCount = 400,
        }).UsageRecords;
        var example = await UsageJsonLines.ReadFileAsync(Path.Combine(AppContext.BaseDirectory, "usage.example.jsonl"));
        var records = generated.Concat(example).Append(UsageJsonLines.ParseLine(CamelRow)).Append(UsageJsonLines.ParseLine(
            """{"timestamp":"2026-08-06T16:30:00.1234567+05:45","model":"ü \"quoted\" +","actualCost":"0.30000000000000004","tags":[]}""")).ToList();

        await UsageJsonLines.WriteFileAsync(path, records);
        var read = await UsageJsonLines.ReadFileAsync(path);

        Assert.Equal(records.Count, read.Count);
        for (var i = 0; i < records.Count; i++)
        {
            RecordAssert.Same(records[i], read[i]);
            Assert.Equal(records[i].Timestamp.Offset, read[i].Timestamp.Offset);
        }

        Assert.StartsWith("{\"requestId\":", File.ReadLines(path).First(l => l.Contains("requestId", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(File.ReadLines(path), l => l.Contains("\"actualCost\":0.30000000000000004", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteFileAsync_ExistingTarget_IsReplacedAndNoTemporaryFileIsLeft()
    {
        using var directory = new TempDirectory();
        var path = directory.File("rows.jsonl");
        await File.WriteAllTextAsync(path, "old content\n");

        await UsageJsonLines.WriteFileAsync(path, [UsageJsonLines.ParseLine(CamelRow)]);

        Assert.Single(File.ReadAllLines(path));
        Assert.Equal(["rows.jsonl"], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteFileAsync_RowThatCannotBeReadBack_FailsAndLeavesTheTargetAsItWas()
    {
        using var directory = new TempDirectory();
        var path = directory.File("rows.jsonl");
        await File.WriteAllTextAsync(path, "old content\n");
        var bad = UsageJsonLines.ParseLine(CamelRow) with { Model = "gpt-" + (char)0xD800 };

        var error = await Assert.ThrowsAsync<SampleUsageException>(() => UsageJsonLines.WriteFileAsync(path, [UsageJsonLines.ParseLine(CamelRow), bad]));

        Assert.Equal($"cannot write usage file '{path}': row 2 cannot be written as JSON: 'model' holds invalid UTF-16 (a lone surrogate)", error.Message);
        Assert.Equal("old content\n", await File.ReadAllTextAsync(path));
        Assert.Equal(["rows.jsonl"], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void CheckWritable_MissingDirectory_IsAUsageError()
    {
        var error = Assert.Throws<SampleUsageException>(() => UsageJsonLines.CheckWritable("/nonexistent-dir-h4/out.jsonl"));

        Assert.Equal("cannot write usage file '/nonexistent-dir-h4/out.jsonl': its directory does not exist", error.Message);
    }
}
