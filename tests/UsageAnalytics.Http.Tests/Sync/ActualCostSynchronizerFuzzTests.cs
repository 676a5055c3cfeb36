using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using UsageAnalytics.Costs;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sync;

public sealed class ActualCostSynchronizerFuzzTests
{
    private static readonly DateTimeOffset _now = new(2026, 8, 6, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _old = _now.AddMinutes(-10);

    private readonly ISpendLogClient _client = Substitute.For<ISpendLogClient>();
    private readonly FakeTimeProvider _time = new(_now);
    private readonly FakeLogger<ActualCostSynchronizer> _logger = new();

    [Fact]
    public async Task SynchronizeAsync_SpendAtDecimalMaxValueWithEstimatedSttOfOne_ReturnsTheRowAsMalformedInsteadOfThrowing()
    {
        var row = Row("req-1", JsonNode.Parse("""{"estimated_stt_cost":1}""")!.AsObject());
        Returns(Spend("req-1", decimal.MaxValue));

        var result = await Synchronizer().SynchronizeAsync([row], (_, _) => ValueTask.CompletedTask, progress: null);

        Assert.Equal(1, result.Total);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(SpendLogFailureKind.MalformedCostBreakdown, failure.Kind);
        Assert.Contains("out of range", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynchronizeAsync_OddEntriesAndAThrowingCallback_AccountsForEveryRowWithItsKind()
    {
        var rows = new[]
        {
            Row("max-spend", new JsonObject { ["estimated_stt_cost"] = 1 }),
            Row("negative-spend"),
            Row("huge-tokens"),
            Row("callback-throws"),
            Row("duplicate-keys", JsonNode.Parse("""{"estimated_stt_cost":0.5,"estimated_stt_cost":0.25}""")!.AsObject()),
            Row("nan-estimate", new JsonObject { ["estimated_tts_cost"] = JsonValue.Create(double.NaN) }),
            Row("guid-estimate", new JsonObject { ["estimated_tts_cost"] = JsonValue.Create(Guid.Empty) }),
        };
        Returns(Spend("max-spend", decimal.MaxValue));
        Returns(Spend("negative-spend", -0.01m));
        Returns(Spend("huge-tokens", 0.1m) with { PromptTokens = long.MaxValue, CompletionTokens = long.MaxValue, TotalTokens = long.MinValue });
        Returns(Spend("callback-throws", 0.1m));
        Returns(Spend("duplicate-keys", 0.1m));
        Returns(Spend("nan-estimate", 0.1m));
        Returns(Spend("guid-estimate", 0.1m));
        var stored = new Dictionary<string, decimal?>(StringComparer.Ordinal);

        var result = await Synchronizer().SynchronizeAsync(
            rows,
            (record, _) =>
            {
                if (record.RequestId == "callback-throws")
                {
                    throw new InvalidOperationException("the store is down");
                }

                lock (stored)
                {
                    stored.Add(record.RequestId!, record.ActualCost);
                }

                return ValueTask.CompletedTask;
            },
            progress: null);

        Assert.Equal(rows.Length, result.Total);
        Assert.Equal(2, result.Actualized);
        Assert.Equal(0.1m, stored["huge-tokens"]);
        Assert.Equal(0.35m, stored["duplicate-keys"]);
        Assert.Equal(
            [
                ("callback-throws", SpendLogFailureKind.CallbackFailed),
                ("guid-estimate", SpendLogFailureKind.MalformedCostBreakdown),
                ("max-spend", SpendLogFailureKind.MalformedCostBreakdown),
                ("nan-estimate", SpendLogFailureKind.MalformedCostBreakdown),
                ("negative-spend", SpendLogFailureKind.MalformedSpendLog),
            ],
            result.Failures.Select(f => (f.RequestId, f.Kind)).OrderBy(f => f.RequestId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task SynchronizeAsync_SeededOddRows_ResultAlwaysAccountsForEveryRow()
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        decimal[] spends = [0m, 0.01m, -1m, decimal.MaxValue, decimal.MinValue, 1e-28m];
        JsonNode?[] estimates = [null, 1, JsonValue.Create(decimal.MaxValue), JsonValue.Create(double.NaN), JsonValue.Create('1'), JsonValue.Create("\ud800"), "abc", -1];
        var rows = new List<UsageRecord>();
        for (var i = 0; i < 500; i++)
        {
            var id = "r" + i.ToString(CultureInfo.InvariantCulture);
            var breakdown = new JsonObject { ["estimated_stt_cost"] = estimates[random.Next(estimates.Length)]?.DeepClone() };
            rows.Add(Row(id, breakdown));
            Returns(Spend(random.Next(10) == 0 ? "other" : id, spends[random.Next(spends.Length)]) with
            {
                PromptTokens = random.Next(2) == 0 ? long.MaxValue : -1,
                CompletionTokens = long.MinValue,
            }, id);
        }

        var result = await Synchronizer().SynchronizeAsync(
            rows,
            (record, _) => int.Parse(record.RequestId![1..], CultureInfo.InvariantCulture) % 5 == 0 ? throw new InvalidOperationException("flaky store") : ValueTask.CompletedTask,
            progress: null);

        Assert.True(rows.Count == result.Total, "seed " + seed);
        Assert.Equal(result.Failed, result.Failures.Count);
        Assert.Equal(result.Failed, result.Failures.Select(f => f.RequestId).Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(result.Failures, f => f.Kind == SpendLogFailureKind.Other);
    }

    private static UsageRecord Row(string requestId, JsonObject? breakdown = null) => new()
    {
        RequestId = requestId,
        Timestamp = _old,
        Provider = "openai",
        Model = "gpt-4o",
        EstimatedCost = 0.1m,
        CostBreakdown = breakdown,
    };

    private static SpendLogEntry Spend(string requestId, decimal spend) => new()
    {
        RequestId = requestId,
        Spend = spend,
        StartTime = _old,
        EndTime = _old.AddSeconds(1),
        Model = "gpt-4o",
        Provider = "openai",
    };

    private void Returns(SpendLogEntry entry, string? requestId = null) =>
        _client.LookupAsync(requestId ?? entry.RequestId, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(SpendLogLookup.Found(entry));

    private ActualCostSynchronizer Synchronizer()
    {
        var options = new UsageAnalyticsOptions();
        options.LiteLLM.BaseUrl = "https://litellm.test";
        options.LiteLLM.ApiKey = "sk-test";
        options.Sync.MaxConcurrency = 4;
        return new ActualCostSynchronizer(_client, new CostBreakdownMerger(), Options.Create(options), _time, _logger);
    }
}
