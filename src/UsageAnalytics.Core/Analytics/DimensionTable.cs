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

    private GroupState _none;

    /// <summary>Gets whether rows without a value arrived (then <see cref="None"/> is their group).</summary>
    public bool HasNone { get; private set; }

    /// <summary>Gets the group of rows without a value; meaningful when <see cref="HasNone"/>.</summary>
    public ref GroupState None => ref _none;

    public int Count => Groups.Count + (HasNone ? 1 : 0);

    public void Add(UsageRecord record, in RowFigures row)
    {
        if (Dimension.Kind == UsageDimensionKind.Tag)
        {
            AddTags(record.Tags, in row);
            return;
        }

        Get(Dimension.ValueOf(record)).Add(in row);
    }

    public ref GroupState Get(string? key)
    {
        if (key is null)
        {
            if (!HasNone)
            {
                _none = GroupState.Create(TimingAccuracy);
                HasNone = true;
            }

            return ref _none;
        }

        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(Groups, key, out var exists);
        if (!exists)
        {
            state = GroupState.Create(TimingAccuracy);
        }

        return ref state;
    }

    public void Merge(DimensionTable other)
    {
        if (other.HasNone)
        {
            Get(null).Merge(in other._none);
        }

        foreach (var (key, state) in other.Groups)
        {
            Get(key).Merge(in state);
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
