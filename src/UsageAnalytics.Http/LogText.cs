using System.Globalization;
using System.Text;

namespace UsageAnalytics;

/// <summary>
/// Makes text that came from outside (a LiteLLM server's error message, a request id, a redirect's host, a parser's
/// reason quoting the body) safe to put in a log record or an exception message: at most <see cref="MaxLength"/>
/// characters followed by "…", with every control character escaped (<c>\r</c>, <c>\n</c>, <c>\t</c>,
/// <c>\u001b</c>...), so one value can neither forge a second log line nor flood the log.
/// </summary>
internal static class LogText
{
    /// <summary>The most characters of the original value kept: 200.</summary>
    public const int MaxLength = 200;

    /// <summary>Returns <paramref name="value"/> shortened and escaped; <c>(none)</c> for <see langword="null"/>.</summary>
    public static string Safe(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        var cut = value.Length > MaxLength;
        var length = cut ? MaxLength : value.Length;
        if (cut && char.IsHighSurrogate(value[length - 1]))
        {
            // Never split a surrogate pair: a lone half is not valid text in most sinks.
            length--;
        }

        var needsEscape = false;
        for (var i = 0; i < length; i++)
        {
            if (NeedsEscape(value[i]))
            {
                needsEscape = true;
                break;
            }
        }

        if (!needsEscape)
        {
            return cut ? string.Concat(value.AsSpan(0, length), "…") : value;
        }

        var text = new StringBuilder(length + 16);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\r': text.Append("\\r"); break;
                case '\n': text.Append("\\n"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (NeedsEscape(c))
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return cut ? text.Append('…').ToString() : text.ToString();
    }

    /// <summary>Control characters, and the Unicode line and paragraph separators some log viewers break lines on.</summary>
    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085';
}
