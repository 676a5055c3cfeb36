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

    /// <summary>The page size older LiteLLM builds accept at most (they answer more with a FastAPI 422): 100.</summary>
    private const int OldBuildMaxPageSize = 100;

    /// <summary>
    /// Describes a response that is not a success. A redirect (3xx) is <see cref="SpendLogFailureKind.Redirected"/>,
    /// naming where it points (and quoting the server's own message when its body has one); any other status is
    /// <see cref="SpendLogFailureKind.HttpStatus"/>, with the server's error message and its <c>Retry-After</c> delay
    /// when it sent them. The message has any echo of the key replaced by <c>***</c> and goes through
    /// <see cref="LogText.Safe"/>. A 422 about <c>page_size</c> also names the setting to change.
    /// </summary>
    /// <param name="response">The answer.</param>
    /// <param name="pageSize">The <c>page_size</c> the request sent, or <see langword="null"/> for a lookup.</param>
    /// <param name="cancellationToken">A token that cancels reading the body.</param>
    private async Task<StatusFailure> DescribeStatusAsync(HttpResponseMessage response, int? pageSize, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var said = await ReadErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
        var message = MaskKey(said.Text);
        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location;
            var target = location is null ? "nowhere (no Location header)"
                : location.IsAbsoluteUri ? "host " + LogText.Safe(location.Authority)
                : "the same host";
            var redirect = new StringBuilder();
            redirect.Append(CultureInfo.InvariantCulture, $"a redirect to {target}, which is not followed (the key goes only to UsageAnalytics:LiteLLM:BaseUrl's origin: set it to the final address)");
            if (said.IsStructured)
            {
                // A redirect's body is usually an HTML stub: only a JSON error message is worth quoting.
                redirect.Append("; LiteLLM says: ").Append(LogText.Safe(message));
            }

            return new StatusFailure(SpendLogFailureKind.Redirected, redirect.ToString(), null);
        }

        var retryAfter = LiteLLMRetryAfter.GetDelay(response, TimeProvider.System);
        var detail = new StringBuilder("LiteLLM says: ");
        detail.Append(LogText.Safe(message));
        if (status == 422 && PageSizeHint(message, pageSize) is { } hint)
        {
            detail.Append("; ").Append(hint);
        }

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

    /// <summary>Replaces every echo of the configured key in a server's text with <c>***</c>.</summary>
    private string MaskKey(string text) =>
        string.IsNullOrEmpty(LiteLLM.ApiKey) ? text : text.Replace(LiteLLM.ApiKey, "***", StringComparison.Ordinal);

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
