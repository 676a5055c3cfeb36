using System.Globalization;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// Writes one CSV row at a time to a <see cref="TextWriter"/>: RFC 4180 (comma separator, CRLF row end, a field holding a
/// comma, a double quote, CR or LF is quoted and its quotes doubled), invariant culture, ISO-8601 UTC timestamps, and
/// OWASP's CSV-injection rule for text: a text cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR (or
/// their full-width forms, or any of them after leading whitespace) is prefixed with a single quote (and quoted), so a
/// spreadsheet shows it instead of running it as a formula; and because OWASP also warns about the field separator, a
/// <c>'</c> is put after each <c>,</c>, <c>;</c> or line break inside a text that a formula character follows (a
/// <c>;</c>-splitting reader, or one that ignores quotes, would start a cell there). The text then differs from the
/// input by those quotes only.
/// Numbers the library formats itself (a negative cost, say) are never altered.
/// </summary>
/// <remarks>Not thread-safe; one instance per output. Allocation-free per cell apart from the writer's own buffering.</remarks>
internal sealed class CsvCellWriter
{
    /// <summary>The timestamp format: ISO 8601 in UTC with a <c>Z</c>, seconds always, fractions only when present.</summary>
    internal const string TimestampFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'";

    private readonly TextWriter _writer;
    private bool _inRow;

    internal CsvCellWriter(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <summary>Gets the writer the rows go to.</summary>
    internal TextWriter Writer => _writer;

    /// <summary>Writes a user-supplied text cell: neutralised against formula injection, quoted when needed; null is empty.</summary>
    internal void Text(string? value) => Text(value.AsSpan());

    /// <summary>Writes a user-supplied text cell: neutralised against formula injection, quoted when needed.</summary>
    internal void Text(ReadOnlySpan<char> value)
    {
        Separate();
        if (value.IsEmpty)
        {
            return;
        }

        var inner = value.IndexOfAny(",;\r\n") >= 0 && HasFormulaAfterSeparator(value);
        if (inner)
        {
            // Rare: rebuilt once, with a quote before each formula that a ';'- or ','-splitting reader would start a cell with.
            value = NeutraliseAfterSeparators(value);
        }

        var neutralise = StartsWithFormula(value);
        if (!neutralise && value.IndexOfAny(",\"\r\n") < 0)
        {
            _writer.Write(value);
            return;
        }

        _writer.Write('"');
        if (neutralise)
        {
            _writer.Write('\'');
        }

        while (true)
        {
            var quote = value.IndexOf('"');
            if (quote < 0)
            {
                _writer.Write(value);
                break;
            }

            _writer.Write(value[..(quote + 1)]);
            _writer.Write('"');
            value = value[(quote + 1)..];
        }

        _writer.Write('"');
    }

    /// <summary>Writes an empty cell.</summary>
    internal void Empty() => Separate();

    /// <summary>Writes an integer.</summary>
    internal void Number(long value)
    {
        Separate();
        Span<char> buffer = stackalloc char[24];
        value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        _writer.Write(buffer[..written]);
    }

    /// <summary>Writes an integer, or an empty cell for null.</summary>
    internal void Number(long? value)
    {
        if (value is { } v)
        {
            Number(v);
        }
        else
        {
            Empty();
        }
    }

    /// <summary>Writes a decimal exactly as stored (scale kept), invariant culture.</summary>
    internal void Number(decimal value)
    {
        Separate();
        Span<char> buffer = stackalloc char[48];
        value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        _writer.Write(buffer[..written]);
    }

    /// <summary>Writes a decimal, or an empty cell for null.</summary>
    internal void Number(decimal? value)
    {
        if (value is { } v)
        {
            Number(v);
        }
        else
        {
            Empty();
        }
    }

    /// <summary>Writes a double in round-trip form; null, NaN and infinities are empty cells.</summary>
    internal void Number(double? value)
    {
        Separate();
        if (value is not { } v || !double.IsFinite(v))
        {
            return;
        }

        Span<char> buffer = stackalloc char[32];
        v.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture);
        _writer.Write(buffer[..written]);
    }

    /// <summary>Writes <c>true</c> or <c>false</c>, or an empty cell for null.</summary>
    internal void Boolean(bool? value)
    {
        Separate();
        if (value is { } v)
        {
            _writer.Write(v ? "true" : "false");
        }
    }

    /// <summary>Writes an instant as ISO 8601 in UTC (<see cref="TimestampFormat"/>).</summary>
    internal void Timestamp(DateTimeOffset value)
    {
        Separate();
        // "O" on a UTC DateTime is the runtime's fast path (yyyy-MM-ddTHH:mm:ss.fffffffZ); trimming the fraction's trailing
        // zeros gives exactly TimestampFormat's text at a fraction of a custom format's cost.
        Span<char> buffer = stackalloc char[40];
        value.UtcDateTime.TryFormat(buffer, out var written, "O", CultureInfo.InvariantCulture);
        var end = written - 1; // the 'Z'
        var digits = end;
        while (buffer[digits - 1] == '0')
        {
            digits--;
        }

        if (buffer[digits - 1] == '.')
        {
            digits--;
        }

        buffer[digits] = 'Z';
        _writer.Write(buffer[..(digits + 1)]);
    }

    /// <summary>Writes an instant as ISO 8601 in UTC, or an empty cell for null.</summary>
    internal void Timestamp(DateTimeOffset? value)
    {
        if (value is { } v)
        {
            Timestamp(v);
        }
        else
        {
            Empty();
        }
    }

    /// <summary>Ends the row with CRLF, as RFC 4180 asks.</summary>
    internal void EndRow()
    {
        _writer.Write("\r\n");
        _inRow = false;
    }

    /// <summary>Whether a text cell starting with <paramref name="first"/> would run as a formula: OWASP's list
    /// (<c>=</c> <c>+</c> <c>-</c> <c>@</c> tab CR) and the full-width forms of the four signs, which some spreadsheets
    /// read as the ASCII ones.</summary>
    internal static bool IsFormulaStart(char first) =>
        first is '=' or '+' or '-' or '@' or '\t' or '\r' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20';

    /// <summary>Whether a cell would run as a formula: its first character, or its first character after leading
    /// whitespace and double quotes (importers that trim cells, a non-breaking space included, or drop quotes), starts one.</summary>
    internal static bool StartsWithFormula(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        if (IsFormulaStart(value[0]))
        {
            return true;
        }

        var i = 0;
        while (i < value.Length && (char.IsWhiteSpace(value[i]) || value[i] == '"'))
        {
            i++;
        }

        return i > 0 && i < value.Length && IsFormulaStart(value[i]);
    }

    /// <summary>OWASP: "also take care of the field separator": a reader that splits on <c>;</c> (Excel in many
    /// European locales), or ignores the quotes and splits on <c>,</c> and line breaks, starts a new cell after each of
    /// them inside the text.</summary>
    private static bool HasFormulaAfterSeparator(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length - 1; i++)
        {
            if (StartsCellAfter(value, i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Puts a <c>'</c> right after each separator (the last of a run such as CRLF) that a formula follows (after
    /// optional whitespace and quotes), so no cell a separator-splitting reader makes starts a formula.</summary>
    private static ReadOnlySpan<char> NeutraliseAfterSeparators(ReadOnlySpan<char> value)
    {
        var text = new System.Text.StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            text.Append(value[i]);
            if (i + 1 < value.Length && StartsCellAfter(value, i))
            {
                text.Append('\'');
            }
        }

        return text.ToString().AsSpan();
    }

    /// <summary>Whether <paramref name="value"/>[<paramref name="i"/>] is a separator, the last of its run, that a
    /// formula follows.</summary>
    private static bool StartsCellAfter(ReadOnlySpan<char> value, int i) =>
        IsSeparator(value[i]) && !IsSeparator(value[i + 1]) && StartsWithFormula(value[(i + 1)..]);

    private static bool IsSeparator(char c) => c is ',' or ';' or '\r' or '\n';

    private void Separate()
    {
        if (_inRow)
        {
            _writer.Write(',');
        }

        _inRow = true;
    }
}
