using System.Globalization;
using System.Net.Http.Headers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using UsageAnalytics.Costs;
using UsageAnalytics.DependencyInjection;

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
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // Not JSON, or JSON whose message or keys are invalid UTF-16 (an escaped lone surrogate makes
                // GetString and TryGetProperty throw): the text itself is the best description.
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

    /// <summary>
    /// Whether the HTTP client refused a body over its <see cref="HttpClient.MaxResponseContentBufferSize"/>, which
    /// <c>AddUsageAnalytics</c> sets to <see cref="LiteLLMOptions.MaxResponseBytes"/>.
    /// </summary>
    private static bool IsTooLarge(HttpRequestException exception) =>
        exception.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded;

    /// <summary>
    /// Failures that mean "no usable answer": transport errors, Polly's rejections (total timeout, open circuit) and
    /// cancellations that did not come from the caller's token. The caller's own cancellation always passes through.
    /// </summary>
    private static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException or ExecutionRejectedException or IOException => true,
        _ => false,
    };

    private static string FailureKind(Exception exception) => exception switch
    {
        Polly.Timeout.TimeoutRejectedException => "timeout",
        Polly.CircuitBreaker.BrokenCircuitException => "circuit open",
        ExecutionRejectedException => "rejected by the resilience pipeline",
        OperationCanceledException => "timeout",
        HttpRequestException { HttpRequestError: var error } => "network failure (" + error.ToString() + ")",
        _ => "network failure",
    };

    private static SpendLogFailureKind TransportFailureKind(Exception exception) => exception switch
    {
        Polly.Timeout.TimeoutRejectedException or OperationCanceledException => SpendLogFailureKind.Timeout,
        ExecutionRejectedException => SpendLogFailureKind.CircuitOpen,
        _ => SpendLogFailureKind.Network,
    };

    /// <summary>Returns whether <paramref name="path"/> names LiteLLM's deprecated v1 endpoint (<c>/spend/logs</c>).</summary>
    private static bool IsV1Path(string path) =>
        path.TrimEnd('/').EndsWith("/spend/logs", StringComparison.OrdinalIgnoreCase);


    /// <summary>Formats a UTC instant as LiteLLM wants it, widened outward to whole seconds.</summary>
    private static string FormatDate(DateTimeOffset value, bool roundUp)
    {
        var utc = value.UtcDateTime;
        var whole = utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
        if (roundUp && whole != utc && whole < DateTime.MaxValue.AddSeconds(-1))
        {
            whole = whole.AddSeconds(1);
        }

        return whole.ToString(DateFormat, CultureInfo.InvariantCulture);
    }
}
