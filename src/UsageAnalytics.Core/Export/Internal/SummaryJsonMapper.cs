using UsageAnalytics.Analytics;
using UsageAnalytics.Insights;

namespace UsageAnalytics.Export.Internal;

/// <summary>Maps a <see cref="UsageSummary"/> to its JSON document and back, checking what the document must hold.</summary>
internal static class SummaryJsonMapper
{
    internal const int FormatVersion = 1;

    public static SummaryJson ToJson(UsageSummary summary) => new()
    {
        FormatVersion = FormatVersion,
        Currency = summary.Currency,
        TimeZone = summary.TimeZone.Id,
        AsOf = summary.AsOf,
        Totals = summary.Totals,
        FirstTimestamp = summary.FirstTimestamp,
        LastTimestamp = summary.LastTimestamp,
        UniqueUsers = summary.UniqueUsers,
        UniqueSessions = summary.UniqueSessions,
        Groups = [.. summary.Groups.Select(pair => new GroupSetJson
        {
            Dimension = pair.Key.Name,
            Groups = [.. pair.Value.Select(g => new GroupJson { Key = g.Key, Figures = g.Figures })],
        })],
        TimeSeries = [.. summary.TimeSeries.Select(pair => new SeriesJson { Size = pair.Key, Buckets = [.. pair.Value] })],
        HourOfDay = [.. summary.HourOfDay],
        DayOfWeek = [.. summary.DayOfWeek],
        PeakDay = summary.PeakDay,
        PeakHour = summary.PeakHour,
        TopCostDrivers = [.. summary.TopCostDrivers.Select(d => new CostDriverJson
        {
            Dimension = d.Dimension.Name,
            Key = d.Key,
            EffectiveCost = d.EffectiveCost,
            Share = d.Share,
        })],
        Last24Hours = summary.Last24Hours,
        WeekOverWeek = summary.WeekOverWeek,
    };

    public static UsageSummary FromJson(SummaryJson json)
    {
        var groups = new Dictionary<UsageDimension, IReadOnlyList<UsageGroup>>();
        foreach (var set in json.Groups ?? [])
        {
            var dimension = Dimension(set?.Dimension, "groups");
            var list = new List<UsageGroup>();
            foreach (var group in Required(set!.Groups, "groups[].groups"))
            {
                list.Add(new UsageGroup { Dimension = dimension, Key = group?.Key, Figures = Required(group?.Figures, "groups[].groups[].figures") });
            }

            if (!groups.TryAdd(dimension, list.AsReadOnly()))
            {
                throw Fail("the dimension '" + dimension.Name + "' is listed twice in 'groups'");
            }
        }

        var series = new Dictionary<TimeBucketSize, IReadOnlyList<UsageTimeBucket>>();
        foreach (var set in json.TimeSeries ?? [])
        {
            var size = Required(set?.Size, "time_series[].size");
            var buckets = Required(set!.Buckets, "time_series[].buckets");
            if (buckets.Any(b => b is null) || !series.TryAdd(size, buckets.AsReadOnly()))
            {
                throw Fail("'time_series' holds a null bucket or lists the size '" + size + "' twice");
            }
        }

        return new UsageSummary
        {
            Currency = Required(json.Currency, "currency"),
            TimeZone = Zone(Required(json.TimeZone, "time_zone")),
            AsOf = Required(json.AsOf, "as_of"),
            Totals = Required(json.Totals, "totals"),
            FirstTimestamp = json.FirstTimestamp,
            LastTimestamp = json.LastTimestamp,
            UniqueUsers = json.UniqueUsers,
            UniqueSessions = json.UniqueSessions,
            Groups = groups.AsReadOnly(),
            TimeSeries = series.AsReadOnly(),
            HourOfDay = NoNulls(json.HourOfDay, "hour_of_day"),
            DayOfWeek = NoNulls(json.DayOfWeek, "day_of_week"),
            PeakDay = json.PeakDay,
            PeakHour = json.PeakHour,
            TopCostDrivers = [.. (json.TopCostDrivers ?? []).Select(d => new CostDriver
            {
                Dimension = Dimension(d?.Dimension, "top_cost_drivers"),
                Key = d!.Key,
                EffectiveCost = d.EffectiveCost,
                Share = d.Share,
            })],
            Last24Hours = json.Last24Hours,
            WeekOverWeek = json.WeekOverWeek,
        };
    }

    private static UsageDimension Dimension(string? name, string where)
    {
        try
        {
            return UsageDimension.Parse(Required(name, where + "[].dimension"));
        }
        catch (ArgumentException e)
        {
            throw new UsageJsonFormatException("The summary document names an unknown dimension in '" + where + "'.", null, e);
        }
    }

    // TryFindSystemTimeZoneById reports every failure (unknown id, a directory such as "America", an unreadable or
    // invalid file, which FindSystemTimeZoneById raises as SecurityException or InvalidTimeZoneException) as false.
    private static TimeZoneInfo Zone(string id)
    {
        if (id.Length > 0 && !id.Contains('\0', StringComparison.Ordinal) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        throw new UsageJsonFormatException("The summary document's time zone '" + Cut(id) + "' is not known on this system.");
    }

    private static List<T> NoNulls<T>(List<T>? list, string name)
        where T : class
    {
        var value = Required(list, name);
        return value.Any(item => item is null) ? throw Fail("'" + name + "' holds a null entry") : value;
    }

    private static T Required<T>(T? value, string name)
        where T : class =>
        value ?? throw Fail("the member '" + name + "' is missing or null");

    private static T Required<T>(T? value, string name)
        where T : struct =>
        value ?? throw Fail("the member '" + name + "' is missing or null");

    private static UsageJsonFormatException Fail(string why) => new("The summary document is not valid: " + why + ".");

    internal static string Cut(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
