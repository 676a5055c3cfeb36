namespace UsageAnalytics.Analytics;

public sealed class TimeBucketTests
{
    [Theory]
    [InlineData("Europe/Berlin", 2026, 3, 29, 23)]
    [InlineData("Europe/Berlin", 2026, 10, 25, 25)]
    [InlineData("America/New_York", 2026, 3, 8, 23)]
    [InlineData("America/New_York", 2026, 11, 1, 25)]
    [InlineData("Europe/Berlin", 2026, 6, 1, 24)]
    [InlineData("Australia/Lord_Howe", 2026, 4, 5, 24.5)]
    public void DayBuckets_OnDaylightSavingChanges_SpanTheLocalDay(string zoneId, int year, int month, int day, double hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var options = new UsageAccumulatorOptions { TimeZone = zone, TimeBuckets = [TimeBucketSize.Hour, TimeBucketSize.Day] };
        var accumulator = new UsageAccumulator(options);
        var localMidnight = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        var start = new DateTimeOffset(localMidnight, zone.GetUtcOffset(localMidnight));
        var minutes = 0;
        for (var at = start; at < start.AddHours(hours); at = at.AddMinutes(30))
        {
            accumulator.Add(UsageAccumulatorTests.Row(estimated: 1m, at: at));
            minutes += 30;
        }

        accumulator.Add(UsageAccumulatorTests.Row(estimated: 1m, at: start.AddTicks(-1)));
        accumulator.Add(UsageAccumulatorTests.Row(estimated: 1m, at: start.AddHours(hours)));

        var summary = accumulator.ToSummary(TestClock.Now);

        var days = summary.TimeSeries[TimeBucketSize.Day];
        Assert.Equal(3, days.Count);
        var middle = days[1];
        Assert.Equal(start, middle.Start);
        Assert.Equal(start.UtcDateTime, middle.Start.UtcDateTime);
        Assert.Equal(TimeSpan.FromHours(hours), middle.End - middle.Start);
        Assert.Equal(minutes / 30, middle.Figures.Requests);
        Assert.Equal(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified), middle.Start.DateTime);
        var hoursOfDay = summary.TimeSeries[TimeBucketSize.Hour].Where(h => h.Start >= middle.Start && h.Start < middle.End).ToList();
        Assert.Equal((int)Math.Ceiling(hours), hoursOfDay.Count);
        Assert.Equal(minutes / 30, hoursOfDay.Sum(h => h.Figures.Requests));
    }

    [Fact]
    public void HourBuckets_OnFallBack_KeepTheRepeatedLocalHourApart()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var accumulator = new UsageAccumulator(new UsageAccumulatorOptions { TimeZone = zone });
        var firstTwoThirty = new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero);

        accumulator.Add(UsageAccumulatorTests.Row(estimated: 1m, at: firstTwoThirty));
        accumulator.Add(UsageAccumulatorTests.Row(estimated: 1m, at: firstTwoThirty.AddHours(1)));

        var hours = accumulator.ToSummary(TestClock.Now).TimeSeries[TimeBucketSize.Hour];
        Assert.Equal(2, hours.Count);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.FromHours(2)), hours[0].Start);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.FromHours(1)), hours[1].Start);
    }

    [Theory]
    [InlineData(DayOfWeek.Monday, 2026, 3, 23)]
    [InlineData(DayOfWeek.Sunday, 2026, 3, 29)]
    public void WeekAndMonthBuckets_StartOnTheConfiguredDay(DayOfWeek firstDay, int year, int month, int day)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var options = new UsageAccumulatorOptions { TimeZone = zone, FirstDayOfWeek = firstDay, TimeBuckets = [TimeBucketSize.Week, TimeBucketSize.Month] };
        var accumulator = new UsageAccumulator(options);

        accumulator.Add(UsageAccumulatorTests.Row(estimated: 1m, at: new DateTimeOffset(2026, 3, 28, 23, 30, 0, TimeSpan.Zero)));

        var summary = accumulator.ToSummary(TestClock.Now);
        var week = Assert.Single(summary.TimeSeries[TimeBucketSize.Week]);
        Assert.Equal(new DateTime(year, month, day), week.Start.DateTime);
        Assert.Equal(TimeSpan.FromHours((7 * 24) - 1), week.End - week.Start);
        var monthBucket = Assert.Single(summary.TimeSeries[TimeBucketSize.Month]);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)), monthBucket.Start);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.FromHours(2)), monthBucket.End);
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Asia/Tokyo")]
    [InlineData("UTC")]
    public void ToSummary_TimestampsAtTheEndsOfTime_DoNotThrow(string zoneId)
    {
        var options = new UsageAccumulatorOptions
        {
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zoneId),
            TimeBuckets = [TimeBucketSize.Minute, TimeBucketSize.Hour, TimeBucketSize.Day, TimeBucketSize.Week, TimeBucketSize.Month],
        };
        var accumulator = new UsageAccumulator(options);
        accumulator.Add(UsageAccumulatorTests.Row(estimated: 1m, at: new DateTimeOffset(2, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        accumulator.Add(UsageAccumulatorTests.Row(estimated: 1m, at: DateTimeOffset.MaxValue));

        var summary = accumulator.ToSummary(TestClock.Now);
        var restored = UsageAccumulator.FromJson(accumulator.ToJson()).ToSummary(TestClock.Now);

        Assert.Equal(2, summary.Totals.Requests);
        Assert.All(summary.TimeSeries.Values, buckets => Assert.Equal(2, buckets.Sum(b => b.Figures.Requests)));
        Assert.Equal(summary.TimeSeries[TimeBucketSize.Day].Select(b => b.Start), restored.TimeSeries[TimeBucketSize.Day].Select(b => b.Start));
    }
}
