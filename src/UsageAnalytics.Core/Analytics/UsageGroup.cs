namespace UsageAnalytics.Analytics;

/// <summary>The figures of one group of a dimension (one model, one user, one tag, …).</summary>
/// <remarks>
/// One rule for keys, everywhere (summaries, queries, filters): a <see langword="null"/>, empty or white-space value is
/// no value, and all rows without a value form one group whose <see cref="Key"/> is <see langword="null"/> and whose
/// <see cref="Label"/> is <see cref="NoneLabel"/>. Other values compare ordinally. A row whose tags are all blank (or
/// that has none) is in the <see cref="UsageDimension.Tag"/> dimension's no-value group.
/// </remarks>
public sealed record UsageGroup
{
    /// <summary>The label of the group of rows without a value: <c>(none)</c>.</summary>
    public const string NoneLabel = "(none)";

    /// <summary>Gets the dimension.</summary>
    public required UsageDimension Dimension { get; init; }

    /// <summary>Gets the group's value, or <see langword="null"/> for the rows without one.</summary>
    public string? Key { get; init; }

    /// <summary>Gets <see cref="Key"/>, or <see cref="NoneLabel"/> for the rows without a value (for display).</summary>
    public string Label => Key ?? NoneLabel;

    /// <summary>Gets the group's figures.</summary>
    public required UsageFigures Figures { get; init; }
}
