using System.Text.Json;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Costs;

namespace UsageAnalytics.LiteLLMEmulator;

public sealed partial class UsageDataGeneratorTests
{
    private static readonly DateTimeOffset _end = new(2026, 8, 6, 15, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Generate_SameSeed_GivesSameRows()
    {
        var options = new UsageGeneratorOptions { End = _end, RowCount = 200 };

        var first = UsageDataGenerator.Generate(options);
        var second = UsageDataGenerator.Generate(options);

        Assert.Equal(first.SpendLogs.Select(r => (r.RequestId, r.Spend, r.StartTime)), second.SpendLogs.Select(r => (r.RequestId, r.Spend, r.StartTime)));
        Assert.Equal(first.UsageRecords.Select(r => (r.RequestId, r.EstimatedCost)), second.UsageRecords.Select(r => (r.RequestId, r.EstimatedCost)));
    }

    [Fact]
    public void Generate_DifferentEnd_KeepsTheSameStructureAndCosts()
    {
        var first = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end, RowCount = 300 });
        var later = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end.AddHours(7).AddMinutes(13), RowCount = 300 });

        Assert.Equal(first.SpendLogs.Sum(r => r.Spend), later.SpendLogs.Sum(r => r.Spend), 12);
        Assert.Equal(first.UsageRecords.Sum(r => r.EstimatedCost), later.UsageRecords.Sum(r => r.EstimatedCost));
        Assert.Equal(first.UsageRecords.Count(r => r.RequestId is null), later.UsageRecords.Count(r => r.RequestId is null));
    }

    [Fact]
    public void Generate_Rows_StayInTheWindowOldestFirst()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end, RowCount = 500, Days = 3 });

        Assert.All(generated.SpendLogs, row => Assert.InRange(row.StartTime, _end.AddDays(-3), _end));
        Assert.Equal(generated.SpendLogs.OrderBy(r => r.StartTime).Select(r => r.RequestId), generated.SpendLogs.Select(r => r.RequestId));
        Assert.Equal(500, generated.UsageRecords.Count);
    }

    [Fact]
    public void Generate_LargeRun_HasTheRealisticMix()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end, RowCount = 10_000, Days = 30 });
        var rows = generated.SpendLogs;

        var failureShare = rows.Count(r => r.Status == "failure") / (double)rows.Count;
        Assert.InRange(failureShare, 0.02, 0.04);
        Assert.All(rows.Where(r => r.Status == "failure"), r => Assert.Equal(0, r.Spend));
        Assert.Contains(rows, r => r.Status is null);
        Assert.Contains(rows, r => r.CacheHit == "True" && r.Spend == 0 && r.RequestId.Contains("_cache_hit", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.CacheHit == "False");
        Assert.Contains(rows, r => r.MetadataAsString);
        Assert.Contains(rows, r => r.RequestTagsAsString);
        Assert.Contains(rows, r => r.ExtraFields is not null);
        Assert.Equal(3, rows.Select(r => r.TimestampStyle).Distinct().Count());
        Assert.Contains(rows, r => SpendLogRowWriter.PythonFloat(r.Spend).Contains("e-", StringComparison.Ordinal));
        var byModel = rows.GroupBy(r => r.Model).ToDictionary(g => g.Key!, g => g.Count());
        Assert.True(byModel["gpt-4o-mini"] > byModel["gpt-4o"] && byModel["gpt-4o"] > byModel["whisper-1"]);
        Assert.Contains("tts-1", byModel.Keys);
        Assert.Contains(generated.UsageRecords, r => r.Service == "voice");
        Assert.Contains(generated.UsageRecords, r => r.CachedPromptTokens > 0);
        Assert.Contains(generated.UsageRecords, r => r.ReasoningTokens > 0);
    }

    [Fact]
    public void Generate_EveryServedRow_ParsesWithTheCoreReader()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end, RowCount = 1_000 });
        var parsed = new List<SpendLogEntry>();

        foreach (var row in generated.SpendLogs)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                SpendLogRowWriter.Write(writer, StoredRow.From(row, 0), SpendLogRowWriter.Damage.None);
            }

            parsed.Add(SpendLogEntry.Parse(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan)));
        }

        Assert.Equal(generated.SpendLogs.Count, parsed.Count);
        Assert.Equal(
            generated.SpendLogs.Sum(r => (decimal)r.Spend),
            parsed.Sum(r => r.Spend),
            precision: 10);
        Assert.Contains(parsed, r => r.CachedPromptTokens > 0);
        Assert.Contains(parsed, r => r.ErrorCode == "429");
    }

    [Fact]
    public void Generate_UsageRecords_EstimateWithinAFewPercentOfTheActualSpend()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end, RowCount = 2_000 });
        var spendById = generated.SpendLogs.ToDictionary(r => r.RequestId, r => (decimal)r.Spend, StringComparer.Ordinal);
        var merger = new CostBreakdownMerger();

        var pairs = generated.UsageRecords
            .Where(r => r.Service is "chat" or "embeddings" && r.IsSuccess && r.CacheHit is null)
            .Select(r => (Record: r, Id: r.RequestId ?? merger.ExtractRequestId(r.CostBreakdown)))
            .Where(p => p.Id is not null && spendById.ContainsKey(p.Id))
            .ToList();
        var estimated = pairs.Sum(p => p.Record.EstimatedCost);
        var actual = pairs.Sum(p => spendById[p.Id!]);

        Assert.True(pairs.Count > 1_000);
        Assert.InRange(estimated / actual, 0.95m, 1.25m);
        Assert.NotEqual(estimated, actual);
    }

    [Fact]
    public void Generate_UsageRecords_CarryTheBreakdownShapesAndIdGaps()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end, RowCount = 2_000 });
        var records = generated.UsageRecords;
        var merger = new CostBreakdownMerger();
        var logged = generated.SpendLogs.Select(r => r.RequestId).ToHashSet(StringComparer.Ordinal);
        var callIds = generated.SpendLogs.Select(r => r.LiteLLMCallId).ToHashSet(StringComparer.Ordinal);

        var missing = records.Where(r => r.RequestId is null && merger.ExtractRequestId(r.CostBreakdown) is null).ToList();
        var onlyInBreakdown = records.Where(r => r.RequestId is null && merger.ExtractRequestId(r.CostBreakdown) is not null).ToList();
        var unlogged = records.Where(r => r.RequestId is not null && !logged.Contains(r.RequestId) && !callIds.Contains(r.RequestId)).ToList();

        Assert.InRange(missing.Count, 10, 80);
        Assert.NotEmpty(onlyInBreakdown);
        Assert.InRange(unlogged.Count, 10, 80);
        Assert.Contains(records, r => r.CostBreakdown?["relay_meta"]?["request_id"] is not null);
        Assert.Contains(records, r => r.CostBreakdown?["relay_meta"]?["litellm_request_id"] is not null);
        Assert.Contains(records, r => r.CostBreakdown?["litellm_request_id"] is not null);
        Assert.Contains(records, r => r.CostBreakdown is null);
        Assert.All(
            records.Where(r => r.Service == "voice"),
            r => Assert.Equal(r.EstimatedCost, Part(r, "estimated_llm_cost") + Part(r, "estimated_stt_cost") + Part(r, "estimated_tts_cost")));
    }

    [Fact]
    public void Generate_CacheHits_CarryTheOriginalIdWhileLiteLLMLogsTheHitAsItsOwnRow()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end, RowCount = 5_000 });
        var rows = generated.SpendLogs.ToDictionary(r => r.RequestId, StringComparer.Ordinal);
        var hitRows = generated.SpendLogs.Where(r => r.CacheHit == "True").ToList();
        var hitRecords = generated.UsageRecords.Where(r => r.CacheHit == true).ToList();

        Assert.InRange(hitRecords.Count, 30, 100);

        // One row per hit the proxy logged (a few it lost, as for any call).
        Assert.InRange(hitRows.Count, hitRecords.Count * 9 / 10, hitRecords.Count);
        Assert.All(hitRows, hit =>
        {
            var match = CacheHitId().Match(hit.RequestId);
            Assert.True(match.Success, hit.RequestId);
            var original = rows[match.Groups["original"].Value];
            Assert.Equal((0d, "True"), (hit.Spend, hit.CacheHit));
            Assert.True(original.Spend > 0);
            Assert.Equal((original.PromptTokens, original.CompletionTokens, original.Model), (hit.PromptTokens, hit.CompletionTokens, hit.Model));
            Assert.NotEqual(original.LiteLLMCallId, hit.LiteLLMCallId);
            Assert.InRange(hit.StartTime - original.StartTime, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));

            // Python's time.time() at the hit: seconds since 1970 with microseconds.
            var seconds = double.Parse(match.Groups["time"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal((hit.StartTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond, seconds);
        });
        var merger = new CostBreakdownMerger();
        Assert.All(hitRecords.Where(r => r.RequestId is not null), record =>
        {
            Assert.True(rows.TryGetValue(record.RequestId!, out var original), record.RequestId);
            Assert.NotEqual("True", original.CacheHit);
            Assert.Equal((original.PromptTokens, (original.TotalTokens - original.PromptTokens) ?? original.CompletionTokens), (record.PromptTokens, record.CompletionTokens));
            Assert.True(record.EstimatedCost > 0);
        });
        Assert.Contains(hitRecords, r => r.RequestId is null && merger.ExtractRequestId(r.CostBreakdown) is not null);
    }

    [Fact]
    public void Generate_SomeRecords_AreKeyedByLiteLLMsCallId()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end, RowCount = 5_000 });
        var byCallId = generated.SpendLogs.ToDictionary(r => r.LiteLLMCallId!, StringComparer.Ordinal);
        var merger = new CostBreakdownMerger();

        var keyed = generated.UsageRecords
            .Select(r => (Record: r, Id: r.RequestId ?? merger.ExtractRequestId(r.CostBreakdown)))
            .Where(p => p.Id is not null && byCallId.ContainsKey(p.Id))
            .ToList();

        Assert.All(generated.SpendLogs, r => Assert.True(Guid.TryParse(r.LiteLLMCallId, out _)));
        Assert.InRange(keyed.Count, 100, 200);
        Assert.All(keyed, p => Assert.NotEqual(p.Id, byCallId[p.Id!].RequestId));
        Assert.All(keyed, p => Assert.NotEqual(true, p.Record.CacheHit));
        var none = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end, RowCount = 1_000, CallIdKeyedRate = 0 });
        var noneCallIds = none.SpendLogs.Select(r => r.LiteLLMCallId).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(none.UsageRecords, r => (r.RequestId ?? merger.ExtractRequestId(r.CostBreakdown)) is { } id && noneCallIds.Contains(id));
    }

    [Fact]
    public void Generate_SomeThinkingRows_ReportTheThinkingOnlyInTheTotal()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end, RowCount = 5_000 });
        var records = generated.UsageRecords.Where(r => r.RequestId is not null && r.CacheHit != true).ToDictionary(r => r.RequestId!, StringComparer.Ordinal);

        var hidden = generated.SpendLogs.Where(r => r.TotalTokens is { } total && total > r.PromptTokens + r.CompletionTokens).ToList();

        Assert.InRange(hidden.Count, 10, 150);
        Assert.All(hidden, row =>
        {
            var usage = row.Metadata!["usage_object"]!;
            Assert.Equal((row.CompletionTokens, row.TotalTokens), ((long)usage["completion_tokens"]!, (long?)usage["total_tokens"]));
            var reasoning = (long)usage["completion_tokens_details"]!["reasoning_tokens"]!;
            Assert.Equal(row.TotalTokens, row.PromptTokens + row.CompletionTokens + reasoning);
            if (records.TryGetValue(row.RequestId, out var record))
            {
                // The app counted every completion token, the thinking included.
                Assert.Equal(row.TotalTokens - row.PromptTokens, record.CompletionTokens);
            }
        });
    }

    [Fact]
    public void Generate_ThinkingOnlyInTheTotal_IsNormalisedByTheCoreReaderToTheAppsCount()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = _end, RowCount = 5_000 });
        var hidden = generated.SpendLogs.Where(r => r.TotalTokens is { } total && total > r.PromptTokens + r.CompletionTokens).ToList();

        Assert.NotEmpty(hidden);
        Assert.All(hidden, row =>
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                SpendLogRowWriter.Write(writer, StoredRow.From(row, 0), SpendLogRowWriter.Damage.None);
            }

            var parsed = SpendLogEntry.Parse(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
            Assert.Equal((row.TotalTokens!.Value - row.PromptTokens, row.TotalTokens.Value), (parsed.CompletionTokens, parsed.TotalTokens));
            Assert.Equal(row.TotalTokens.Value - row.PromptTokens - row.CompletionTokens, parsed.ReasoningTokens);
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<original>chatcmpl-[0-9a-f-]{36})_cache_hit(?<time>\d{10}(?:\.\d{1,7})?)$")]
    private static partial System.Text.RegularExpressions.Regex CacheHitId();

    private static decimal Part(Records.UsageRecord record, string key) =>
        decimal.Parse(record.CostBreakdown![key]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
}
