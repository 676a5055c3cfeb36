using System.Globalization;
using System.Net;
using Polly;

namespace UsageAnalytics.Pricing;

/// <summary>Turns the failures of an HTTP load into <see cref="PriceBookLoadException"/>s: one place for both loaders.</summary>
internal static class PriceBookFailures
{
    /// <summary>
    /// Whether <paramref name="exception"/> means "no usable answer arrived": a transport error, a rejection by the
    /// resilience pipeline (timeout, open circuit), or a cancellation that did not come from the caller's token (a
    /// timeout). The caller's own cancellation always passes through.
    /// </summary>
    public static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException or ExecutionRejectedException or IOException => true,
        _ => false,
    };

    /// <summary>The kind of a transport failure (see <see cref="IsTransportFailure"/>).</summary>
    public static PriceBookLoadFailureKind Kind(Exception exception) => exception switch
    {
        Polly.Timeout.TimeoutRejectedException or OperationCanceledException => PriceBookLoadFailureKind.Timeout,
        ExecutionRejectedException => PriceBookLoadFailureKind.CircuitOpen,
        HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => PriceBookLoadFailureKind.ResponseTooLarge,
        _ => PriceBookLoadFailureKind.Network,
    };

    /// <summary>A transport failure as a <see cref="PriceBookLoadException"/> naming where and why, never the key.</summary>
    public static PriceBookLoadException Transport(Exception exception, string what, string where, string timeoutSetting)
    {
        var kind = Kind(exception);
        var why = kind switch
        {
            PriceBookLoadFailureKind.Timeout => "no complete answer arrived within " + timeoutSetting,
            PriceBookLoadFailureKind.CircuitOpen => "the circuit breaker is open after recent failures, so no request was sent",
            _ => exception is HttpRequestException { HttpRequestError: var error }
                ? "the connection failed (" + error.ToString() + ")"
                : "the connection failed",
        };
        return new PriceBookLoadException($"{what} at {where} could not be read: {why}.", kind, where, statusCode: null, exception);
    }

    /// <summary>A status that is not a success as a <see cref="PriceBookLoadException"/>.</summary>
    public static PriceBookLoadException Status(HttpStatusCode status, string what, string where, string? detail) =>
        new(
            string.Create(CultureInfo.InvariantCulture, $"{what} at {where} could not be read: the server answered HTTP {(int)status} ({status}){(detail is null ? "." : ": " + detail)}"),
            PriceBookLoadFailureKind.HttpStatus,
            where,
            status);
}
