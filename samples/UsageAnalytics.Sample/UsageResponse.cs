using System.Globalization;
using System.Text.Json.Serialization;
using UsageAnalytics.Analytics;
using UsageAnalytics.Insights;

namespace UsageAnalytics.Sample;

/// <summary>
/// The <c>--json</c> output: the <c>/usage</c> response existing LiteLLM dashboards read (<c>totals</c> …
/// <c>hourly_pattern</c>, exactly those keys), then our additions under other top-level keys. Every field is
/// documented in README.md. Percentages are 0–100; figures are not rounded; <see langword="null"/> where absent.
/// </summary>
internal sealed record UsageResponse
{
    private const int PeakCount = 5;

    public required TotalsJson Totals { get; init; }

    public required LatencyJson Latency { get; init; }

    public required TtftJson Ttft { get; init; }

    public required TokensPerRequestJson TokensPerRequest { get; init; }

    public required CacheJson Cache { get; init; }

    public required WeekOverWeekJson WeekOverWeek { get; init; }

    public required RecentActivityJson RecentActivity { get; init; }

    public required IReadOnlyList<PeakDayJson> PeakDays { get; init; }

    public required IReadOnlyList<PeakHourJson> PeakHours { get; init; }

    public required IReadOnlyList<ModelJson> ByModel { get; init; }

    public required IReadOnlyList<DailyJson> Daily { get; init; }

    public required IReadOnlyList<HourlyJson> HourlyPattern { get; init; }

    // Our additions.
    public required string TimeZone { get; init; }

    public required DateTimeOffset AsOf { get; init; }

    public required PeriodJson Period { get; init; }

    public required CostsJson Costs { get; init; }

    public required CoverageJson Coverage { get; init; }

    public required WindowsJson Windows { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyList<GroupJson>> Groups { get; init; }

    public InputJson? Input { get; init; }

    public SyncJson? Sync { get; init; }

    /// <summary>Maps a report to the response.</summary>
    public static UsageResponse From(DashboardReport report, InputJson? input, SyncJson? sync)
    {
        ArgumentNullException.ThrowIfNull(report);
        var summary = report.Summary;
        var totals = summary.Totals;
        var week = summary.WeekOverWeek;
        var day = summary.Last24Hours;
        var days = summary.TimeSeriesOf(TimeBucketSize.Day);

        var peakDays = new List<UsageTimeBucket>(days);
        peakDays.Sort(static (a, b) => a.Figures.Requests != b.Figures.Requests ? b.Figures.Requests.CompareTo(a.Figures.Requests) : a.Start.CompareTo(b.Start));
        var peakHours = new List<PatternSlot>();
        foreach (var slot in summary.HourOfDay)
        {
            if (slot.Figures.Requests > 0)
            {
                peakHours.Add(slot);
            }
        }

        peakHours.Sort(static (a, b) => a.Figures.Requests != b.Figures.Requests ? b.Figures.Requests.CompareTo(a.Figures.Requests) : a.Slot.CompareTo(b.Slot));
        var models = new List<UsageGroup>(summary.GroupsOf(UsageDimension.Model));
        models.Sort(static (a, b) => a.Figures.Requests != b.Figures.Requests ? b.Figures.Requests.CompareTo(a.Figures.Requests) : string.CompareOrdinal(a.Key, b.Key));

        var groups = new Dictionary<string, IReadOnlyList<GroupJson>>(StringComparer.Ordinal);
        foreach (var (dimension, list) in summary.Groups)
        {
            var items = new List<GroupJson>(list.Count);
            foreach (var group in list)
            {
                items.Add(GroupJson.From(group));
            }

            groups[dimension.Name] = items;
        }

        return new UsageResponse
        {
            Totals = new TotalsJson
            {
                TotalTokens = totals.TotalTokens,
                PromptTokens = totals.PromptTokens,
                CompletionTokens = totals.CompletionTokens,
                TotalRequests = totals.Requests,
                SuccessfulRequests = totals.Successes,
                FailedRequests = totals.Failures,
                SuccessRate = Percent(totals.SuccessRate),
                UniqueSessions = summary.UniqueSessions,
                UniqueUsers = summary.UniqueUsers,
            },
            Latency = new LatencyJson
            {
                AvgMs = totals.LatencyMs?.Mean,
                P50Ms = totals.LatencyMs?.P50,
                P95Ms = totals.LatencyMs?.P95,
                P99Ms = totals.LatencyMs?.P99,
                MinMs = totals.LatencyMs?.Min,
                MaxMs = totals.LatencyMs?.Max,
            },
            Ttft = new TtftJson
            {
                AvgMs = totals.TimeToFirstTokenMs?.Mean,
                P50Ms = totals.TimeToFirstTokenMs?.P50,
                P95Ms = totals.TimeToFirstTokenMs?.P95,
                P99Ms = totals.TimeToFirstTokenMs?.P99,
            },
            TokensPerRequest = new TokensPerRequestJson
            {
                Avg = totals.TokensPerRequest?.Mean,
                AvgPrompt = totals.PromptTokensPerRequest,
                AvgCompletion = totals.CompletionTokensPerRequest,
                Max = totals.TokensPerRequest?.Max,
                P50 = totals.TokensPerRequest?.P50,
                P95 = totals.TokensPerRequest?.P95,
            },
            Cache = new CacheJson
            {
                Hits = totals.CacheHits,
                Misses = totals.CacheMisses,
                HitTokens = totals.CacheHitTokens,
                MissTokens = totals.CacheMissTokens,
                HitRate = Percent(totals.CacheHitRate),
            },
            WeekOverWeek = new WeekOverWeekJson
            {
                ThisWeek = week is null ? null : WeekJson.From(week.Current),
                LastWeek = week is null ? null : WeekJson.From(week.Previous),
                ChangePct = new ChangeJson { Requests = week?.RequestsChangePercent, Tokens = week?.TotalTokensChangePercent },
            },
            RecentActivity = new RecentActivityJson
            {
                LastHourRequests = report.LastHour?.Current.Requests,
                Last24hRequests = day?.Current.Requests,
                Prev24hRequests = day?.Previous.Requests,
                Last24hTokens = day?.Current.TotalTokens,
                Change24hPct = day?.RequestsChangePercent,
            },
            PeakDays = [.. peakDays.Take(PeakCount).Select(d => new PeakDayJson { Date = Date(d.Start), Requests = d.Figures.Requests, Tokens = d.Figures.TotalTokens })],
            PeakHours = [.. peakHours.Take(PeakCount).Select(h => new PeakHourJson { Hour = h.Slot, Requests = h.Figures.Requests })],
            ByModel = [.. models.Select(ModelJson.From)],
            Daily = [.. days.Select(DailyJson.From)],
            HourlyPattern = [.. summary.HourOfDay.Select(h => new HourlyJson
            {
                Hour = h.Slot,
                Requests = h.Figures.Requests,
                Successful = h.Figures.Successes,
                Tokens = h.Figures.TotalTokens,
            })],
            TimeZone = summary.TimeZone.Id,
            AsOf = summary.AsOf,
            Period = new PeriodJson { First = summary.FirstTimestamp, Last = summary.LastTimestamp },
            Costs = new CostsJson
            {
                Currency = summary.Currency,
                Estimated = totals.EstimatedCost,
                Actual = totals.ActualCost,
                Effective = totals.EffectiveCost,
                EstimateVsActual = new EstimateJson
                {
                    Rows = report.Actualized.Requests,
                    Estimated = report.Actualized.EstimatedCost,
                    Actual = report.Actualized.ActualCost,
                    ErrorPct = report.EstimateErrorPercent,
                },
            },
            Coverage = new CoverageJson
            {
                Actualized = totals.ActualizedCount,
                EstimatedOnly = totals.EstimatedOnlyCount,
                MissingRequestId = totals.MissingRequestIdCount,
            },
            Windows = new WindowsJson
            {
                LastHour = WindowJson.Current(report.LastHour),
                Last24h = WindowJson.Current(day),
                Prev24h = WindowJson.Previous(day),
                ThisWeek = WindowJson.Current(week),
                LastWeek = WindowJson.Previous(week),
            },
            Groups = groups,
            Input = input,
            Sync = sync,
        };
    }

    internal static double? Percent(double? ratio) => ratio * 100;

    internal static string Date(DateTimeOffset local) => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

internal sealed record TotalsJson
{
    public long TotalTokens { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public long TotalRequests { get; init; }

    public long SuccessfulRequests { get; init; }

    public long FailedRequests { get; init; }

    public double? SuccessRate { get; init; }

    public long? UniqueSessions { get; init; }

    public long? UniqueUsers { get; init; }
}

internal sealed record LatencyJson
{
    public double? AvgMs { get; init; }

    [JsonPropertyName("p50_ms")]
    public double? P50Ms { get; init; }

    [JsonPropertyName("p95_ms")]
    public double? P95Ms { get; init; }

    [JsonPropertyName("p99_ms")]
    public double? P99Ms { get; init; }

    public double? MinMs { get; init; }

    public double? MaxMs { get; init; }
}

internal sealed record TtftJson
{
    public double? AvgMs { get; init; }

    [JsonPropertyName("p50_ms")]
    public double? P50Ms { get; init; }

    [JsonPropertyName("p95_ms")]
    public double? P95Ms { get; init; }

    [JsonPropertyName("p99_ms")]
    public double? P99Ms { get; init; }
}

internal sealed record TokensPerRequestJson
{
    public double? Avg { get; init; }

    public double? AvgPrompt { get; init; }

    public double? AvgCompletion { get; init; }

    public double? Max { get; init; }

    [JsonPropertyName("p50")]
    public double? P50 { get; init; }

    [JsonPropertyName("p95")]
    public double? P95 { get; init; }
}

internal sealed record CacheJson
{
    public long Hits { get; init; }

    public long Misses { get; init; }

    public long HitTokens { get; init; }

    public long MissTokens { get; init; }

    public double? HitRate { get; init; }
}

internal sealed record WeekOverWeekJson
{
    public WeekJson? ThisWeek { get; init; }

    public WeekJson? LastWeek { get; init; }

    public required ChangeJson ChangePct { get; init; }
}

internal sealed record WeekJson
{
    public long Requests { get; init; }

    public long Tokens { get; init; }

    public long Successful { get; init; }

    public static WeekJson From(UsageFigures figures) =>
        new() { Requests = figures.Requests, Tokens = figures.TotalTokens, Successful = figures.Successes };
}

internal sealed record ChangeJson
{
    public double? Requests { get; init; }

    public double? Tokens { get; init; }
}

internal sealed record RecentActivityJson
{
    public long? LastHourRequests { get; init; }

    [JsonPropertyName("last_24h_requests")]
    public long? Last24hRequests { get; init; }

    [JsonPropertyName("prev_24h_requests")]
    public long? Prev24hRequests { get; init; }

    [JsonPropertyName("last_24h_tokens")]
    public long? Last24hTokens { get; init; }

    [JsonPropertyName("change_24h_pct")]
    public double? Change24hPct { get; init; }
}

internal sealed record PeakDayJson
{
    public required string Date { get; init; }

    public long Requests { get; init; }

    public long Tokens { get; init; }
}

internal sealed record PeakHourJson
{
    public int Hour { get; init; }

    public long Requests { get; init; }
}

internal sealed record ModelJson
{
    public string? Model { get; init; }

    public long Requests { get; init; }

    public long Successful { get; init; }

    public double? SuccessRate { get; init; }

    public long TotalTokens { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public double? AvgTokens { get; init; }

    public double? AvgLatencyMs { get; init; }

    [JsonPropertyName("p50_latency_ms")]
    public double? P50LatencyMs { get; init; }

    public double? AvgTtftMs { get; init; }

    public double? TokensPerSec { get; init; }

    public static ModelJson From(UsageGroup group)
    {
        var f = group.Figures;
        return new ModelJson
        {
            Model = group.Key,
            Requests = f.Requests,
            Successful = f.Successes,
            SuccessRate = UsageResponse.Percent(f.SuccessRate),
            TotalTokens = f.TotalTokens,
            PromptTokens = f.PromptTokens,
            CompletionTokens = f.CompletionTokens,
            AvgTokens = f.TokensPerRequest?.Mean,
            AvgLatencyMs = f.LatencyMs?.Mean,
            P50LatencyMs = f.LatencyMs?.P50,
            AvgTtftMs = f.TimeToFirstTokenMs?.Mean,
            TokensPerSec = f.CompletionTokensPerSecond,
        };
    }
}

internal sealed record DailyJson
{
    public required string Date { get; init; }

    public long Requests { get; init; }

    public long Successful { get; init; }

    public double? SuccessRate { get; init; }

    public long TotalTokens { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public double? AvgLatencyMs { get; init; }

    public static DailyJson From(UsageTimeBucket day)
    {
        var f = day.Figures;
        return new DailyJson
        {
            Date = UsageResponse.Date(day.Start),
            Requests = f.Requests,
            Successful = f.Successes,
            SuccessRate = UsageResponse.Percent(f.SuccessRate),
            TotalTokens = f.TotalTokens,
            PromptTokens = f.PromptTokens,
            CompletionTokens = f.CompletionTokens,
            AvgLatencyMs = f.LatencyMs?.Mean,
        };
    }
}

internal sealed record HourlyJson
{
    public int Hour { get; init; }

    public long Requests { get; init; }

    public long Successful { get; init; }

    public long Tokens { get; init; }
}

internal sealed record PeriodJson
{
    public DateTimeOffset? First { get; init; }

    public DateTimeOffset? Last { get; init; }
}

internal sealed record CostsJson
{
    public required string Currency { get; init; }

    public decimal Estimated { get; init; }

    public decimal Actual { get; init; }

    public decimal Effective { get; init; }

    public required EstimateJson EstimateVsActual { get; init; }
}

internal sealed record EstimateJson
{
    public long Rows { get; init; }

    public decimal Estimated { get; init; }

    public decimal Actual { get; init; }

    public double? ErrorPct { get; init; }
}

internal sealed record CoverageJson
{
    public long Actualized { get; init; }

    public long EstimatedOnly { get; init; }

    public long MissingRequestId { get; init; }
}

internal sealed record WindowsJson
{
    public WindowJson? LastHour { get; init; }

    [JsonPropertyName("last_24h")]
    public WindowJson? Last24h { get; init; }

    [JsonPropertyName("prev_24h")]
    public WindowJson? Prev24h { get; init; }

    public WindowJson? ThisWeek { get; init; }

    public WindowJson? LastWeek { get; init; }
}

internal sealed record WindowJson
{
    public DateTimeOffset Start { get; init; }

    public DateTimeOffset End { get; init; }

    public static WindowJson? Current(PeriodComparison? comparison) =>
        comparison is null ? null : new() { Start = comparison.CurrentStart, End = comparison.CurrentEnd };

    public static WindowJson? Previous(PeriodComparison? comparison) =>
        comparison is null ? null : new() { Start = comparison.PreviousStart, End = comparison.PreviousEnd };
}

internal sealed record GroupJson
{
    public string? Key { get; init; }

    public long Requests { get; init; }

    public long Successful { get; init; }

    public long Failed { get; init; }

    public long TotalTokens { get; init; }

    public decimal EstimatedCost { get; init; }

    public decimal ActualCost { get; init; }

    public decimal EffectiveCost { get; init; }

    public long Actualized { get; init; }

    public double? AvgLatencyMs { get; init; }

    [JsonPropertyName("p95_latency_ms")]
    public double? P95LatencyMs { get; init; }

    public static GroupJson From(UsageGroup group)
    {
        var f = group.Figures;
        return new GroupJson
        {
            Key = group.Key,
            Requests = f.Requests,
            Successful = f.Successes,
            Failed = f.Failures,
            TotalTokens = f.TotalTokens,
            EstimatedCost = f.EstimatedCost,
            ActualCost = f.ActualCost,
            EffectiveCost = f.EffectiveCost,
            Actualized = f.ActualizedCount,
            AvgLatencyMs = f.LatencyMs?.Mean,
            P95LatencyMs = f.LatencyMs?.P95,
        };
    }
}

internal sealed record InputJson
{
    public required string Source { get; init; }

    public string? Format { get; init; }

    public int RowsRead { get; init; }

    public int RowsUsed { get; init; }

    public IReadOnlyList<ProblemJson> Malformed { get; init; } = [];
}

internal sealed record ProblemJson
{
    public int? Line { get; init; }

    public int? Index { get; init; }

    public required string Reason { get; init; }
}

internal sealed record SyncJson
{
    public int Actualized { get; init; }

    public int NotYetAvailable { get; init; }

    public int Skipped { get; init; }

    public int Failed { get; init; }

    public int CacheHitsSettled { get; init; }

    public int TokenRepairedRows { get; init; }

    public bool Stopped { get; init; }

    public bool Ok { get; init; }

    public string? FailureReason { get; init; }
}

/// <summary>The source-generated, invariant serializer of <see cref="UsageResponse"/>: snake_case keys, nulls written,
/// indented.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = true)]
[JsonSerializable(typeof(UsageResponse))]
internal sealed partial class UsageResponseJsonContext : JsonSerializerContext;
