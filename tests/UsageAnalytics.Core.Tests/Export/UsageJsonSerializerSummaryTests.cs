using System.Text;
using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

public sealed class UsageJsonSerializerSummaryTests
{
    private static readonly DateTimeOffset _now = new(2026, 3, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DeserializeSummary_RealSummary_ReadsBackToTheSameValues()
    {
        var original = Summary();

        var json = UsageJsonSerializer.SerializeSummary(original);
        var read = UsageJsonSerializer.DeserializeSummary(json);

        Assert.Equal(json, UsageJsonSerializer.SerializeSummary(read));
        AssertSameSummary(original, read);
    }

    [Fact]
    public async Task ReadSummaryAsync_WrittenWithWriteSummaryAsync_ReadsBackToTheSameValues()
    {
        var original = Summary();
        var stream = new MemoryStream();

        await UsageJsonSerializer.WriteSummaryAsync(original, stream);
        stream.Position = 0;
        var read = await UsageJsonSerializer.ReadSummaryAsync(stream);

        Assert.Equal(UsageJsonSerializer.SerializeSummary(original), Encoding.UTF8.GetString(stream.ToArray()));
        AssertSameSummary(original, read);
    }

    [Fact]
    public void SerializeSummary_Always_StartsWithFormatVersionAndUsesSnakeCase()
    {
        var json = UsageJsonSerializer.SerializeSummary(Summary());

        Assert.StartsWith("{\"format_version\":1,\"currency\":\"USD\",\"time_zone\":\"Europe/Berlin\",\"as_of\":\"2026-03-30T14:00:00+02:00\",\"totals\":{\"requests\":6,", json, StringComparison.Ordinal);
        Assert.Contains("\"dimension\":\"dimension:department\"", json, StringComparison.Ordinal);
        Assert.Contains("\"size\":\"Hour\"", json, StringComparison.Ordinal);
        Assert.Contains("\"last24_hours\":{\"resolution\":\"Hour\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"format_version\":2,\"currency\":\"USD\"}", "format_version 2")]
    [InlineData("{\"currency\":\"USD\"}", "no numeric 'format_version'")]
    [InlineData("{\"format_version\":\"1\"}", "no numeric 'format_version'")]
    [InlineData("[1]", "no numeric 'format_version'")]
    [InlineData("{\"format_version\":1,", "not valid JSON")]
    [InlineData("{\"format_version\":1,\"currency\":\"USD\",\"time_zone\":\"UTC\",\"as_of\":\"2026-03-30T12:00:00Z\"}", "'totals'")]
    [InlineData("{\"format_version\":1,\"totals\":{\"requests\":\"many\"}}", "not valid JSON")]
    public void DeserializeSummary_BadDocument_ThrowsFormatException(string json, string expected)
    {
        var e = Assert.Throws<UsageJsonFormatException>(() => UsageJsonSerializer.DeserializeSummary(json));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeserializeSummary_UnknownTimeZone_ThrowsFormatException()
    {
        var json = UsageJsonSerializer.SerializeSummary(Summary()).Replace("\"Europe/Berlin\"", "\"Mars/Olympus_Mons\"", StringComparison.Ordinal);

        var e = Assert.Throws<UsageJsonFormatException>(() => UsageJsonSerializer.DeserializeSummary(json));

        Assert.Contains("'Mars/Olympus_Mons'", e.Message, StringComparison.Ordinal);
        Assert.Null(e.InnerException); // TryFindSystemTimeZoneById: no exception behind it to leak
    }

    [Fact]
    public void DeserializeSummary_UnknownDimension_ThrowsFormatException()
    {
        var json = UsageJsonSerializer.SerializeSummary(Summary()).Replace("\"dimension\":\"model\"", "\"dimension\":\"planet\"", StringComparison.Ordinal);

        Assert.Throws<UsageJsonFormatException>(() => UsageJsonSerializer.DeserializeSummary(json));
    }

    [Fact]
    public async Task ReadSummaryAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => UsageJsonSerializer.ReadSummaryAsync(new MemoryStream(Encoding.UTF8.GetBytes(UsageJsonSerializer.SerializeSummary(Summary()))), cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => UsageJsonSerializer.WriteSummaryAsync(Summary(), new MemoryStream(), cts.Token));
    }

    private static void AssertSameSummary(UsageSummary expected, UsageSummary actual)
    {
        Assert.Equal(expected.TimeZone.Id, actual.TimeZone.Id);
        Assert.Equal(expected.TimeZone.BaseUtcOffset, actual.TimeZone.BaseUtcOffset);
        Assert.Equal((expected.Currency, expected.AsOf, expected.FirstTimestamp, expected.LastTimestamp), (actual.Currency, actual.AsOf, actual.FirstTimestamp, actual.LastTimestamp));
        Assert.Equal(expected.AsOf.Offset, actual.AsOf.Offset);
        Assert.Equal((expected.UniqueUsers, expected.UniqueSessions), (actual.UniqueUsers, actual.UniqueSessions));
        Assert.Equal(expected.Totals, actual.Totals);
        Assert.Equal(0.92m, actual.Totals.EffectiveCost); // 0.20 + 0.11 + 0.12 + 0.20 + 0.14 + 0.15
        Assert.Equal(expected.Groups.Keys, actual.Groups.Keys);
        foreach (var (dimension, groups) in expected.Groups)
        {
            Assert.Equal(groups, actual.Groups[dimension]);
        }

        var claude = actual.GroupsOf(UsageDimension.Model).Single(g => g.Key == "claude");
        Assert.Equal(0.46m, claude.Figures.EffectiveCost); // rows 1, 3, 5: 0.11 + 0.20 + 0.15
        Assert.Equal(0.20m, actual.GroupsOf(UsageDimension.Team).Single(g => g.Key is null).Figures.EffectiveCost);
        Assert.Equal(expected.TimeSeries.Keys, actual.TimeSeries.Keys);
        foreach (var (size, buckets) in expected.TimeSeries)
        {
            Assert.Equal(buckets, actual.TimeSeries[size]);
        }

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.FromHours(1)), actual.TimeSeriesOf(TimeBucketSize.Day)[0].Start);
        Assert.Equal(TimeSpan.FromHours(23), actual.TimeSeriesOf(TimeBucketSize.Day)[0].End - actual.TimeSeriesOf(TimeBucketSize.Day)[0].Start);
        Assert.Equal(expected.HourOfDay, actual.HourOfDay);
        Assert.Equal(expected.DayOfWeek, actual.DayOfWeek);
        Assert.Equal((expected.PeakDay, expected.PeakHour), (actual.PeakDay, actual.PeakHour));
        Assert.Equal(expected.TopCostDrivers, actual.TopCostDrivers);
        Assert.NotNull(actual.Last24Hours);
        Assert.NotNull(actual.WeekOverWeek);
        Assert.Equal(expected.Last24Hours, actual.Last24Hours);
        Assert.Equal(expected.WeekOverWeek, actual.WeekOverWeek);
    }

    // Berlin across the 2026-03-29 DST change (a 23-hour day), several dimensions (a tag and a custom one), hour and day
    // buckets (so both comparisons are present), latency percentiles and a row without a team.
    private static UsageSummary Summary()
    {
        var accumulator = new UsageAccumulator(new UsageAccumulatorOptions
        {
            GroupBy = [UsageDimension.Model, UsageDimension.Team, UsageDimension.Tag, UsageDimension.Custom("department")],
            TimeBuckets = [TimeBucketSize.Hour, TimeBucketSize.Day],
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"),
        });
        var start = new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.FromHours(1));
        for (var i = 0; i < 6; i++)
        {
            accumulator.Add(new UsageRecord
            {
                RequestId = "r" + i,
                Timestamp = start.AddHours(i * 9),
                Model = i % 2 == 0 ? "gpt-4o" : "claude",
                TeamId = i == 3 ? null : "team-" + (i % 3),
                UserId = "u" + (i % 4),
                SessionId = "s" + i,
                Status = i == 4 ? "failure" : "success",
                Tags = i % 2 == 0 ? ["x", "y"] : ["x"],
                Dimensions = new Dictionary<string, string> { ["department"] = i < 3 ? "R&D" : "Sales" },
                PromptTokens = 100 * (i + 1),
                CompletionTokens = 10 * (i + 1),
                EstimatedCost = 0.10m + (i * 0.01m),
                ActualCost = i % 3 == 0 ? 0.20m : null,
                LatencyMs = 100.5 * (i + 1),
                TimeToFirstTokenMs = i % 2 == 0 ? 10.25 * (i + 1) : null,
                CacheHit = i % 2 == 0,
            });
        }

        return accumulator.ToSummary(_now);
    }
}
