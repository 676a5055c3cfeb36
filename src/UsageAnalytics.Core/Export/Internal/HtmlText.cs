using System.Text;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// Escapes text for HTML content and quoted attribute values: OWASP's rule for untrusted data in HTML (XSS Prevention
/// Cheat Sheet, rule 1: <c>&amp; &lt; &gt; " ' /</c>), plus <c>=</c> and <c>`</c>, so no user string can open a tag,
/// close an attribute, or read as <c>on…=</c> or <c>https://</c> in the raw document. Control characters other than
/// tab, LF and CR become U+FFFD (they are parse errors in HTML).
/// </summary>
internal static class HtmlText
{
    internal static StringBuilder AppendEscaped(this StringBuilder builder, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return builder;
        }

        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '/': builder.Append("&#47;"); break;
                case '=': builder.Append("&#61;"); break;
                case '`': builder.Append("&#96;"); break;
                case '\t' or '\n' or '\r': builder.Append(c); break;
                case < ' ' or '\u007f': builder.Append('\uFFFD'); break;
                default: builder.Append(c); break;
            }
        }

        return builder;
    }

    internal static string Escape(string? text) => new StringBuilder().AppendEscaped(text).ToString();
}
