using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Budgets.Internal;

/// <summary>
/// Finds the policies whose scope covers a row with one dictionary lookup per dimension in use (one per distinct tag
/// for tags), so the cost per row is O(dimensions), not O(policies).
/// </summary>
internal sealed class ScopeIndex
{
    private readonly int[] _global;
    private readonly (UsageDimension Dimension, Dictionary<string, int[]> Policies)[] _fields;
    private readonly Dictionary<string, int[]>? _tags;

    public ScopeIndex(IReadOnlyList<BudgetPolicy> policies)
    {
        var global = new List<int>();
        var byDimension = new Dictionary<UsageDimension, Dictionary<string, List<int>>>();
        for (var i = 0; i < policies.Count; i++)
        {
            var scope = policies[i].Scope;
            if (scope.Dimension is null)
            {
                global.Add(i);
                continue;
            }

            if (!byDimension.TryGetValue(scope.Dimension, out var values))
            {
                values = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                byDimension.Add(scope.Dimension, values);
            }

            if (!values.TryGetValue(scope.Value!, out var list))
            {
                list = [];
                values.Add(scope.Value!, list);
            }

            list.Add(i);
        }

        _global = [.. global];
        var fields = new List<(UsageDimension, Dictionary<string, int[]>)>();
        foreach (var (dimension, values) in byDimension)
        {
            var frozen = new Dictionary<string, int[]>(values.Count, StringComparer.Ordinal);
            foreach (var (value, list) in values)
            {
                frozen.Add(value, [.. list]);
            }

            if (dimension.Kind == UsageDimensionKind.Tag)
            {
                _tags = frozen;
            }
            else
            {
                fields.Add((dimension, frozen));
            }
        }

        _fields = [.. fields];
    }

    /// <summary>Appends to <paramref name="matches"/> the index of every policy covering <paramref name="record"/>, each once.</summary>
    public void Collect(UsageRecord record, List<int> matches)
    {
        matches.AddRange(_global);
        foreach (var (dimension, policies) in _fields)
        {
            var value = dimension.ValueOf(record);
            if (value is not null && policies.TryGetValue(value, out var found))
            {
                matches.AddRange(found);
            }
        }

        if (_tags is null)
        {
            return;
        }

        var tags = record.Tags;
        for (var i = 0; i < tags.Count; i++)
        {
            if (tags[i] is { } tag && !SeenBefore(tags, i) && _tags.TryGetValue(tag, out var found))
            {
                matches.AddRange(found);
            }
        }
    }

    private static bool SeenBefore(IReadOnlyList<string> tags, int index)
    {
        for (var j = 0; j < index; j++)
        {
            if (string.Equals(tags[j], tags[index], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
