namespace UsageAnalytics.Export.Internal;

/// <summary>
/// One FOCUS output row's identity: the UTC charge period start and the record keys (blank = null) and meter.
/// Equality is ordinal (record struct equality over strings).
/// </summary>
internal readonly record struct FocusGroupKey(
    DateTime PeriodStart,
    string? Provider,
    string? Model,
    string? Team,
    string? Service,
    string? Tags,
    FocusMeter Meter)
{
    /// <summary>Orders rows by charge period, then provider, model, team, service and tags (ordinal, null first), then meter.</summary>
    internal static int Compare(FocusGroupKey left, FocusGroupKey right)
    {
        var order = left.PeriodStart.CompareTo(right.PeriodStart);
        order = order != 0 ? order : string.CompareOrdinal(left.Provider, right.Provider);
        order = order != 0 ? order : string.CompareOrdinal(left.Model, right.Model);
        order = order != 0 ? order : string.CompareOrdinal(left.Team, right.Team);
        order = order != 0 ? order : string.CompareOrdinal(left.Service, right.Service);
        order = order != 0 ? order : string.CompareOrdinal(left.Tags, right.Tags);
        return order != 0 ? order : left.Meter.CompareTo(right.Meter);
    }
}
