using System.Runtime.InteropServices;
using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>The groups of one dimension: one <see cref="GroupState"/> per distinct value, plus the null group.</summary>
internal sealed class DimensionTable
{
    public DimensionTable(UsageDimension dimension, double? timingAccuracy)
    {
        Dimension = dimension;
        TimingAccuracy = timingAccuracy;
    }

    public UsageDimension Dimension { get; }

    /// <summary>Gets the sketch accuracy when the groups keep latency statistics, otherwise <see langword="null"/>.</summary>
    public double? TimingAccuracy { get; }

    public Dictionary<string, GroupState> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the group of rows without a value; <see langword="null"/> until one arrives.</summary>
    public GroupState? None { get; set; }

    public int Count => Groups.Count + (None is null ? 0 : 1);

    public void Add(UsageRecord record, in RowFigures row)
    {
        if (Dimension.Kind == UsageDimensionKind.Tag)
        {
            AddTags(record.Tags, in row);
            return;
        }

        Get(Dimension.ValueOf(record)).Add(in row);
    }

    public GroupState Get(string? key)
    {
        if (key is null)
        {
            return None ??= new GroupState(TimingAccuracy);
        }

        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(Groups, key, out _);
        return state ??= new GroupState(TimingAccuracy);
    }

    public void Merge(DimensionTable other)
    {
        if (other.None is not null)
        {
            Get(null).Merge(other.None);
        }

        foreach (var (key, state) in other.Groups)
        {
            Get(key).Merge(state);
        }
    }

    private void AddTags(IReadOnlyList<string> tags, in RowFigures row)
    {
        if (tags.Count == 0)
        {
            Get(null).Add(in row);
            return;
        }

        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            var repeated = false;
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(tags[j], tag, StringComparison.Ordinal))
                {
                    repeated = true;
                    break;
                }
            }

            if (!repeated)
            {
                Get(tag).Add(in row);
            }
        }
    }
}
