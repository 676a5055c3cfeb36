namespace UsageAnalytics.Sample;

/// <summary>What a <c>--spend-logs</c> file held: its detected format and how many rows were read, used and
/// rejected.</summary>
internal sealed record SpendLogInput
{
    /// <summary>Gets the file's path as given.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the detected format: <see cref="SpendLogFile.JsonLines"/>, <see cref="SpendLogFile.V2Envelope"/>
    /// or <see cref="SpendLogFile.V1Array"/>.</summary>
    public string Format { get; init; } = SpendLogFile.JsonLines;

    /// <summary>Gets the number of rows in the file (non-blank lines, or array elements).</summary>
    public int RowsRead { get; init; }

    /// <summary>Gets the number of rows that reached the dashboard.</summary>
    public int RowsUsed { get; init; }

    /// <summary>Gets the rows that could not be read or were refused, in file order.</summary>
    public IReadOnlyList<InputProblem> Malformed { get; init; } = [];
}
