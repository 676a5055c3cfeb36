using System.Text;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// Builds the FOCUS <c>Tags</c> cell of a record: one JSON object (FOCUS 1.2 KeyValueFormat, ECMA-404) holding the
/// record's <see cref="UsageRecord.Dimensions"/> as string values and its <see cref="UsageRecord.Tags"/>: a tag
/// <c>key:value</c> becomes <c>"key":"value"</c> (split at the first colon), a tag without a colon becomes
/// <c>"tag":true</c> (FOCUS: "Tag keys that do not support corresponding values, MUST have a corresponding true
/// (boolean) value set"). Keys are unique and sorted ordinally; on a repeated key the dimension wins over a tag and an
/// earlier tag over a later one. Blank tags and blank keys are skipped. Returns null when nothing remains.
/// </summary>
internal static class TagsJson
{
    internal static string? Build(UsageRecord record)
    {
        if (record.Dimensions.Count == 0 && record.Tags.Count == 0)
        {
            return null;
        }

        var pairs = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in record.Dimensions)
        {
            if (!string.IsNullOrWhiteSpace(key))
            {
                pairs.TryAdd(key, value ?? string.Empty);
            }
        }

        foreach (var tag in record.Tags)
        {
            if (string.IsNullOrWhiteSpace(tag))
            {
                continue;
            }

            var colon = tag.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                pairs.TryAdd(tag[..colon], tag[(colon + 1)..]);
            }
            else
            {
                pairs.TryAdd(tag, null);
            }
        }

        if (pairs.Count == 0)
        {
            return null;
        }

        var json = new StringBuilder(16 * pairs.Count);
        json.Append('{');
        var first = true;
        foreach (var (key, value) in pairs)
        {
            if (!first)
            {
                json.Append(',');
            }

            first = false;
            AppendString(json, key);
            json.Append(':');
            if (value is null)
            {
                json.Append("true");
            }
            else
            {
                AppendString(json, value);
            }
        }

        return json.Append('}').ToString();
    }

    /// <summary>
    /// Appends a JSON string (ECMA-404, RFC 8259): quote and backslash escaped, every control character (U+0000 to U+001F,
    /// and U+007F) escaped, U+2028 and U+2029 escaped (JavaScript line terminators), and an unpaired UTF-16 surrogate
    /// escaped as <c>\uxxxx</c> like System.Text.Json escapes it (hex in lower case here), so the string stays valid UTF-8 when
    /// encoded; a surrogate pair and every other character are kept literal.
    /// </summary>
    internal static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');

        // A formula character where a spreadsheet could start a cell (a string's start, or after a ',' or ';' inside it,
        // whitespace between) is written as a \uXXXX escape: the same JSON value, and no separator in the CSV cell is
        // followed by a formula, so the cell needs no inserted quote (which would break the JSON) to be injection-safe.
        var cellCouldStart = true;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (cellCouldStart && CsvCellWriter.IsFormulaStart(c) && c is not ('\t' or '\r'))
            {
                json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                cellCouldStart = false;
                continue;
            }

            cellCouldStart = c is ',' or ';' || (cellCouldStart && char.IsWhiteSpace(c));
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        json.Append(c).Append(value[++i]);
                    }
                    else if (c < ' ' || c == '\u007f' || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c))
                    {
                        json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.Append(c);
                    }

                    break;
            }
        }

        json.Append('"');
    }
}
