using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>Options that cannot trap: defaults that work alone, merges across equivalent zones, refusals that say why.</summary>
public sealed class UsageAccumulatorOptionsTests
{
    private static readonly DateTimeOffset _at = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GroupBy_Alone_Works_AndLatencyFollowsTheGroupedProviderModelOrService()
    {
        var accumulator = new UsageAccumulator(new UsageAccumulatorOptions { GroupBy = [UsageDimension.Model, UsageDimension.User] });
        accumulator.Add(new UsageRecord { Timestamp = _at, Model = "gpt-4o", UserId = "u1", LatencyMs = 250 });

        var summary = accumulator.ToSummary(_at);

        Assert.Equal([UsageDimension.Model], accumulator.Options.LatencyBy);
        Assert.Equal(250.0, Assert.Single(summary.GroupsOf(UsageDimension.Model)).Figures.LatencyMs!.Mean);
        Assert.Null(Assert.Single(summary.GroupsOf(UsageDimension.User)).Figures.LatencyMs);
    }

    [Fact]
    public void LatencyBy_ADimensionThatIsNotGrouped_IsRefusedByName()
    {
        var error = Assert.Throws<ArgumentException>(() => new UsageAccumulator(new UsageAccumulatorOptions { GroupBy = [UsageDimension.Model], LatencyBy = [UsageDimension.User] }));

        Assert.Contains("user", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UTC", "Etc/UTC")]
    [InlineData("Pacific Standard Time", "America/Los_Angeles")]
    [InlineData("W. Europe Standard Time", "Europe/Berlin")]
    public void Merge_EquivalentTimeZones_Merge(string a, string b)
    {
        var left = Accumulator(TimeZoneInfo.FindSystemTimeZoneById(a), _at);
        var right = Accumulator(TimeZoneInfo.FindSystemTimeZoneById(b), _at.AddDays(1));

        left.Merge(right);

        Assert.Equal(2, left.ToSummary(_at).TimeSeriesOf(TimeBucketSize.Day).Count);
    }

    [Fact]
    public void Merge_DifferentTimeZones_NamesTheSettingAndBothValues()
    {
        var left = Accumulator(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), _at);
        var right = Accumulator(TimeZoneInfo.Utc, _at);

        var error = Assert.Throws<ArgumentException>(() => left.Merge(right));

        Assert.Contains("TimeZone", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Europe/Berlin'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'UTC'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_DifferentCurrencies_NamesBoth()
    {
        var usd = new UsageAccumulator();
        var eur = new UsageAccumulator(new UsageAccumulatorOptions { Currency = "EUR" });

        var error = Assert.Throws<ArgumentException>(() => usd.Merge(eur));

        Assert.Contains("Currency", error.Message, StringComparison.Ordinal);
        Assert.Contains("'USD'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'EUR'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_DifferentGroups_NamesTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new UsageAccumulator(new UsageAccumulatorOptions { GroupBy = [UsageDimension.Model] })
                .Merge(new UsageAccumulator(new UsageAccumulatorOptions { GroupBy = [UsageDimension.Team] })));

        Assert.Contains("GroupBy differs: '[model]' here, '[team]'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSummary_TimeProviderAndInstant_GiveTheSameSummary()
    {
        var accumulator = Accumulator(TimeZoneInfo.Utc, _at);

        Assert.Equal(accumulator.ToSummary(_at).AsOf, accumulator.ToSummary(new FixedClock(_at)).AsOf);
    }

    private static UsageAccumulator Accumulator(TimeZoneInfo zone, DateTimeOffset at)
    {
        var accumulator = new UsageAccumulator(new UsageAccumulatorOptions { TimeZone = zone });
        accumulator.Add(new UsageRecord { Timestamp = at, Model = "m", EstimatedCost = 1m });
        return accumulator;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
