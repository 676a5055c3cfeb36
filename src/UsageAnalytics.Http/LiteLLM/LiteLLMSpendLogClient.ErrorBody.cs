using System.Globalization;
using System.Text;
using System.Text.Json;

namespace UsageAnalytics.LiteLLM;

/// <content>Reading LiteLLM's own reason out of an error body, and the advice for a refused page size.</content>
public sealed partial class LiteLLMSpendLogClient
{
    /// <summary>How much of an error body is read for its message: enough for any real error, never megabytes.</summary>
    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>
    /// The advice for a 422 that refuses the page size: its detail names <c>page_size</c> (FastAPI's <c>loc</c>), or the
    /// request sent more than older builds accept and the detail is a "less than or equal to" bound. The limit quoted is
    /// the server's own ("less than or equal to N"), else 100 (older builds). <see langword="null"/> for other 422s.
    /// </summary>
    private static string? PageSizeHint(string message, int? pageSize)
    {
        const string Bound = "less than or equal to ";
        var bound = message.IndexOf(Bound, StringComparison.OrdinalIgnoreCase);
        var aboutPageSize = message.Contains("page_size", StringComparison.OrdinalIgnoreCase)
            || (pageSize > OldBuildMaxPageSize && bound >= 0);
        if (!aboutPageSize)
        {
            return null;
        }

        var limit = OldBuildMaxPageSize;
        if (bound >= 0)
        {
            var digits = message.AsSpan(bound + Bound.Length);
            var length = 0;
            while (length < digits.Length && length < 9 && char.IsAsciiDigit(digits[length]))
            {
                length++;
            }

            if (length > 0 && int.TryParse(digits[..length], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= 1)
            {
                limit = parsed;
            }
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"the proxy refuses the page size: set UsageAnalytics:LiteLLM:PageSize (or SpendLogQuery.PageSize) to {limit} or less");
    }

    /// <summary>
    /// The error message of a LiteLLM error body, unescaped, bounded only to <see cref="MaxErrorBodyBytes"/> of input:
    /// <c>{"error": {"message": ...}}</c> (or <c>"error": "..."</c>), FastAPI's <c>detail</c> as a string, as a list of
    /// <c>{"loc": [...], "msg": ...}</c> (each as <c>loc.joined: msg</c>, separated by <c>; </c>) or as an object with
    /// <c>error</c>, <c>message</c> or <c>msg</c>, a top-level <c>message</c> or a bare JSON string
    /// (<see cref="ErrorText.IsStructured"/>); else the start of the body as text.
    /// </summary>
    private static async Task<ErrorText> ReadErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length == 0)
        {
            return new ErrorText("(empty body)", IsStructured: false);
        }

        if (body.Length <= MaxErrorBodyBytes)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (FindMessage(document.RootElement) is { Length: > 0 } message)
                {
                    return new ErrorText(message, IsStructured: true);
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // Not JSON, or JSON whose message or keys are invalid UTF-16 (an escaped lone surrogate makes
                // GetString and TryGetProperty throw): the text itself is the best description.
            }
        }

        return new ErrorText(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, LogText.MaxLength * 4)), IsStructured: false);
    }

    private static string? FindMessage(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.String)
        {
            return root.GetString();
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["error", "detail", "message"])
        {
            if (root.TryGetProperty(name, out var value) && Describe(value) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>One error value: a string, an object's message, or a FastAPI list of validation errors.</summary>
    private static string? Describe(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Object:
                foreach (var inner in (ReadOnlySpan<string>)["message", "error", "msg", "detail"])
                {
                    if (value.TryGetProperty(inner, out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        return WithLocation(value, text.GetString());
                    }
                }

                return null;
            case JsonValueKind.Array:
                var all = new StringBuilder();
                foreach (var item in value.EnumerateArray())
                {
                    var one = item.ValueKind switch
                    {
                        JsonValueKind.String => item.GetString(),
                        JsonValueKind.Object when item.TryGetProperty("msg", out var msg) && msg.ValueKind == JsonValueKind.String =>
                            WithLocation(item, msg.GetString()),
                        _ => null,
                    };
                    if (string.IsNullOrEmpty(one))
                    {
                        continue;
                    }

                    if (all.Length > 0)
                    {
                        all.Append("; ");
                    }

                    all.Append(one);
                    if (all.Length > LogText.MaxLength)
                    {
                        // The message is cut to LogText.MaxLength anyway: never build more from a hostile list.
                        break;
                    }
                }

                return all.ToString();
            default:
                return null;
        }
    }

    /// <summary>Prefixes a FastAPI message with its <c>loc</c> (<c>["query", "page_size"]</c> becomes <c>query.page_size: </c>).</summary>
    private static string? WithLocation(JsonElement item, string? message)
    {
        if (message is null || !item.TryGetProperty("loc", out var loc) || loc.ValueKind != JsonValueKind.Array)
        {
            return message;
        }

        var path = new StringBuilder();
        foreach (var part in loc.EnumerateArray())
        {
            var text = part.ValueKind switch
            {
                JsonValueKind.String => part.GetString(),
                JsonValueKind.Number => part.GetRawText(),
                _ => null,
            };
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            if (path.Length > 0)
            {
                path.Append('.');
            }

            path.Append(text);
            if (path.Length > LogText.MaxLength)
            {
                break;
            }
        }

        return path.Length == 0 ? message : path.Append(": ").Append(message).ToString();
    }

    /// <summary>A server's error text and whether it came from a JSON error body (not the raw body).</summary>
    private readonly record struct ErrorText(string Text, bool IsStructured);
}
