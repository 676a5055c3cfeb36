using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace UsageAnalytics.LiteLLM;

/// <content>Describing an answer that is not a success: redirects, error statuses, the server's own message.</content>
public sealed partial class LiteLLMSpendLogClient
{
    /// <summary>How much of an error body is read for its message: enough for any real error, never megabytes.</summary>
    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>
    /// Describes a response that is not a success. A redirect (3xx) is <see cref="SpendLogFailureKind.Redirected"/>,
    /// naming where it points; any other status is <see cref="SpendLogFailureKind.HttpStatus"/>, with the server's
    /// error message (with any echo of the key replaced by <c>***</c>) and its <c>Retry-After</c> delay when it sent them. Every piece of the server's text goes through
    /// <see cref="LogText.Safe"/>.
    /// </summary>
    private async Task<StatusFailure> DescribeStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location;
            var target = location is null ? "nowhere (no Location header)"
                : location.IsAbsoluteUri ? "host " + LogText.Safe(location.Authority)
                : "the same host";
            return new StatusFailure(
                SpendLogFailureKind.Redirected,
                string.Create(CultureInfo.InvariantCulture, $"a redirect to {target}, which is not followed (the key goes only to UsageAnalytics:LiteLLM:BaseUrl's origin: set it to the final address)"),
                null);
        }

        var retryAfter = LiteLLMRetryAfter.GetDelay(response, TimeProvider.System);
        var detail = new StringBuilder("LiteLLM says: ");
        var message = await ReadErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(LiteLLM.ApiKey))
        {
            // A proxy may echo the key it was sent (in an auth error, say): it must not reach a log through the echo.
            message = message.Replace(LiteLLM.ApiKey, "***", StringComparison.Ordinal);
        }

        detail.Append(LogText.Safe(message));
        if (retryAfter is { } delay)
        {
            detail.Append(CultureInfo.InvariantCulture, $"; Retry-After {delay.TotalSeconds:0.###} s");
            if (delay > LiteLLM.MaxRetryAfter)
            {
                detail.Append(" (longer than UsageAnalytics:LiteLLM:MaxRetryAfter, so not waited for)");
            }
        }

        return new StatusFailure(SpendLogFailureKind.HttpStatus, detail.ToString(), retryAfter);
    }

    /// <summary>
    /// The error message of a LiteLLM error body (<c>{"error": {"message": ...}}</c>, FastAPI's <c>detail</c> as a string,
    /// a list of <c>{"msg": ...}</c> or <c>{"error": ...}</c>), else the start of the body as text; unescaped, unbounded
    /// only up to <see cref="MaxErrorBodyBytes"/>.
    /// </summary>
    private static async Task<string> ReadErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length == 0)
        {
            return "(empty body)";
        }

        if (body.Length <= MaxErrorBodyBytes)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (FindMessage(document.RootElement) is { } message)
                {
                    return message;
                }
            }
            catch (JsonException)
            {
                // Not JSON: the text itself is the best description.
            }
        }

        return Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, LogText.MaxLength * 4));
    }

    private static string? FindMessage(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["error", "detail", "message"])
        {
            if (!root.TryGetProperty(name, out var value))
            {
                continue;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return value.GetString();
                case JsonValueKind.Object:
                    foreach (var inner in (ReadOnlySpan<string>)["message", "error", "msg"])
                    {
                        if (value.TryGetProperty(inner, out var text) && text.ValueKind == JsonValueKind.String)
                        {
                            return text.GetString();
                        }
                    }

                    break;
                case JsonValueKind.Array when value.GetArrayLength() > 0
                    && value[0] is { ValueKind: JsonValueKind.Object } first
                    && first.TryGetProperty("msg", out var msg)
                    && msg.ValueKind == JsonValueKind.String:
                    return msg.GetString();
            }
        }

        return null;
    }

    /// <summary>A non-success answer, described.</summary>
    /// <param name="Kind">Redirected or HttpStatus.</param>
    /// <param name="Detail">What the server said, safe to log (shortened, escaped).</param>
    /// <param name="RetryAfter">The server's <c>Retry-After</c> delay, if any.</param>
    private readonly record struct StatusFailure(SpendLogFailureKind Kind, string Detail, TimeSpan? RetryAfter);
}
