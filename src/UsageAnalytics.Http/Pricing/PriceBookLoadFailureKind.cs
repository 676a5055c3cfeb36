namespace UsageAnalytics.Pricing;

/// <summary>Why a price book could not be loaded (<see cref="PriceBookLoadException.Kind"/>).</summary>
public enum PriceBookLoadFailureKind
{
    /// <summary>Another failure, or the exception was created without a kind.</summary>
    Other = 0,

    /// <summary>A price or overrides file could not be read: missing, not accessible, or an I/O error.</summary>
    File,

    /// <summary>
    /// The server answered with a status that is not a success (after the resilience pipeline's retries), or with a
    /// redirect the LiteLLM client does not follow; <see cref="PriceBookLoadException.StatusCode"/> holds it.
    /// </summary>
    HttpStatus,

    /// <summary>No complete answer arrived within <c>UsageAnalytics:Pricing:TimeoutSeconds</c> (or the LiteLLM client's timeout).</summary>
    Timeout,

    /// <summary>The connection failed (DNS, TLS, refused, reset) before an answer arrived.</summary>
    Network,

    /// <summary>The resilience pipeline's circuit breaker is open: recent calls failed, so none was made.</summary>
    CircuitOpen,

    /// <summary>
    /// The body was larger than its cap (<c>UsageAnalytics:Pricing:MaxResponseBytes</c> for a price file,
    /// <c>UsageAnalytics:LiteLLM:MaxResponseBytes</c> for the proxy's model info) and was not read further.
    /// </summary>
    ResponseTooLarge,

    /// <summary>
    /// The content is not what was expected: not a LiteLLM price file (HTML, garbage, a bad price; the
    /// <see cref="PriceBookFormatException"/> is the inner exception), or not a LiteLLM model-info answer.
    /// </summary>
    Malformed,
}
