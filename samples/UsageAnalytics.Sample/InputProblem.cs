namespace UsageAnalytics.Sample;

/// <summary>One input row left out of the dashboard, and why.</summary>
internal sealed record InputProblem
{
    /// <summary>Gets the 1-based line of a JSON Lines row, or <see langword="null"/>.</summary>
    public int? Line { get; init; }

    /// <summary>Gets the 0-based index of a row in a JSON array (or the v2 body's <c>data</c>), or of a row in the
    /// list of usage rows; <see langword="null"/> for a JSON Lines row.</summary>
    public int? Index { get; init; }

    /// <summary>Gets the reason, in one line.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets "line N" or "index N".</summary>
    public string Where => Line is { } line
        ? "line " + line.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : "index " + (Index ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
