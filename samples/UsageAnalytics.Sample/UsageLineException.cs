using System.Globalization;

namespace UsageAnalytics.Sample;

/// <summary>One line of a usage file that is not a usage row: every problem found on it, in the order met.</summary>
internal sealed class UsageLineException : FormatException
{
    public UsageLineException()
        : this(1, null, ["not a usage row"])
    {
    }

    public UsageLineException(string message)
        : this(1, null, [message])
    {
    }

    public UsageLineException(string message, Exception innerException)
        : base(message, innerException)
    {
        Line = 1;
        Problems = [message];
    }

    public UsageLineException(int line, int? column, IReadOnlyList<string> problems, Exception? innerException = null)
        : base(Describe(line, column, problems), innerException)
    {
        Line = line;
        Column = column;
        Problems = problems;
    }

    /// <summary>Gets the 1-based line in the file.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column (in characters) of a JSON syntax error, or <see langword="null"/> for a row
    /// that is valid JSON but not a valid usage row.</summary>
    public int? Column { get; }

    /// <summary>Gets every problem found on the line, each a short clause (never empty).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Gets "line N" or "line N, column C".</summary>
    public string Where => Column is { } column
        ? string.Create(CultureInfo.InvariantCulture, $"line {Line}, column {column}")
        : string.Create(CultureInfo.InvariantCulture, $"line {Line}");

    private static string Describe(int line, int? column, IReadOnlyList<string> problems)
    {
        var where = column is { } c
            ? string.Create(CultureInfo.InvariantCulture, $"line {line}, column {c}")
            : string.Create(CultureInfo.InvariantCulture, $"line {line}");
        return where + ": " + string.Join("; ", problems);
    }
}
