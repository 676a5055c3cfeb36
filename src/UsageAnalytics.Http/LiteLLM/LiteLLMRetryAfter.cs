using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// How the typed client's retry strategy treats <c>Retry-After</c>: a delay up to the cap (the smaller of
/// <c>UsageAnalytics:LiteLLM:MaxRetryAfter</c> and the pipeline's total request timeout) is waited before the retry; a
/// longer one is not retried at all, so the call fails at once with the server's answer (status and delay) instead of
/// waiting out the timeout, or throwing for a delay longer than a timer can hold (about 49 days).
/// </summary>
internal static class LiteLLMRetryAfter
{
    /// <summary>
    /// The delay a response asks for, or <see langword="null"/> when it has no readable <c>Retry-After</c>. A date is
    /// measured from the response's own <c>Date</c> header when there is one (the server's clock), else from
    /// <paramref name="time"/>; a past date is zero.
    /// </summary>
    public static TimeSpan? GetDelay(HttpResponseMessage response, TimeProvider time)
    {
        if (response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - (response.Headers.Date ?? time.GetUtcNow()) : null);
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    /// <summary>
    /// Configures <paramref name="resilience"/>'s retry: delays from <c>Retry-After</c> up to the cap, no retry past it,
    /// and no retry of a body over <c>MaxResponseBytes</c> (it would be as large again). The host's later settings win.
    /// </summary>
    public static void Configure(HttpStandardResilienceOptions resilience, TimeSpan maxRetryAfter, TimeProvider time)
    {
        var retry = resilience.Retry;
        var shouldHandle = retry.ShouldHandle;

        // Off first: its setter replaces the delay generator with one that honours any Retry-After, however long.
        retry.ShouldRetryAfterHeader = false;
        retry.ShouldHandle = args =>
        {
            if (args.Outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded })
            {
                return PredicateResult.False();
            }

            if (args.Outcome.Result is { } response && GetDelay(response, time) > Cap(resilience, maxRetryAfter))
            {
                return PredicateResult.False();
            }

            return shouldHandle(args);
        };
        retry.DelayGenerator = args =>
            new ValueTask<TimeSpan?>(args.Outcome.Result is { } response ? GetDelay(response, time) : null);
    }

    private static TimeSpan Cap(HttpStandardResilienceOptions resilience, TimeSpan maxRetryAfter) =>
        resilience.TotalRequestTimeout.Timeout < maxRetryAfter ? resilience.TotalRequestTimeout.Timeout : maxRetryAfter;
}
