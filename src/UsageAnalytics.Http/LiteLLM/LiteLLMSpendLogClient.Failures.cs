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

    /// <summary>Ends a description with one full stop (LiteLLM's own messages often end with one already).</summary>
    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";
}
