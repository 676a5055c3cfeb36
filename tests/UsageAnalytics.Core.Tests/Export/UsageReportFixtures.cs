using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>Summaries with worked-out figures for the report tests.</summary>
internal static class UsageReportFixtures
{
    /// <summary>The "now" of <see cref="Known"/>: an hour boundary, so the week-over-week window is exact.</summary>
    internal static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Five rows. Previous week (02-24 12:00 to 03-03 12:00): one 2.00 row. Current week: 1.20 actual (est. 1.00),
    /// 0.50 est., 2.30 actual (est. 2.00), 0.0042 failed. Totals: 6.0042 USD, 5 requests, 1 failure (20.0%), every
    /// successful call 200 ms (p95 200 ms), 2 of 5 actualized (40.0%), week over week 4.0042 vs 2.00 = +100.2%.
    /// </summary>
    internal static UsageRecord[] KnownRows() =>
    [
        Row("r0", Now.AddDays(-8).AddHours(-2), "gpt-4o", "team-a", "alice", 2.00m, null),
        Row("r1", Now.AddDays(-1).AddHours(-2), "gpt-4o", "team-a", "alice", 1.00m, 1.20m),
        Row("r2", Now.AddDays(-1).AddHours(-1), "gpt-4o", "team-a", "bob", 0.50m, null),
        Row("r3", Now.AddHours(-3), "claude-sonnet-4", "team-b", "alice", 2.00m, 2.30m),
        Row("r4", Now.AddHours(-2).AddMinutes(-30), "tiny-model", "team-b", "carol", 0.0042m, null) with { Status = "failure", LatencyMs = 0 },
    ];

    internal static UsageAccumulatorOptions Options(TimeZoneInfo? zone = null) => new()
    {
        GroupBy = [UsageDimension.Model, UsageDimension.Team, UsageDimension.User],
        TimeBuckets = [TimeBucketSize.Hour, TimeBucketSize.Day],
        TimeZone = zone ?? TimeZoneInfo.Utc,
    };

    internal static UsageSummary Summarise(IEnumerable<UsageRecord> rows, TimeZoneInfo? zone = null, DateTimeOffset? now = null)
    {
        var accumulator = new UsageAccumulator(Options(zone));
        accumulator.AddRange(rows);
        return accumulator.ToSummary(now ?? Now);
    }

    internal static UsageSummary Known() => Summarise(KnownRows());

    internal static UsageRecord Row(string id, DateTimeOffset at, string model, string team, string user, decimal estimated, decimal? actual) => new()
    {
        RequestId = id,
        Timestamp = at,
        Provider = "openai",
        Model = model,
        TeamId = team,
        UserId = user,
        Status = "success",
        PromptTokens = 100,
        CompletionTokens = 20,
        EstimatedCost = estimated,
        ActualCost = actual,
        LatencyMs = 200,
    };

    /// <summary>The text inside the element with <c>data-tile="<paramref name="tile"/>"</c>'s <c>class="value"</c> span.</summary>
    internal static string TileValue(string html, string tile)
    {
        var start = html.IndexOf("data-tile=\"" + tile + "\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "tile " + tile + " missing");
        const string Open = "<span class=\"value\">";
        var valueStart = html.IndexOf(Open, start, StringComparison.Ordinal) + Open.Length;
        return html[valueStart..html.IndexOf("</span>", valueStart, StringComparison.Ordinal)];
    }

    /// <summary>The markup of the section with the given id, or null.</summary>
    internal static string? Section(string html, string id)
    {
        var start = html.IndexOf("<section id=\"" + id + "\">", StringComparison.Ordinal);
        return start < 0 ? null : html[start..(html.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length)];
    }

    internal static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
