namespace UsageAnalytics.LiteLLM;

/// <summary>Why a spend-log lookup failed (see <see cref="SpendLogLookup.FailureKind"/>).</summary>
public enum SpendLogLookupFailureKind
{
    /// <summary>LiteLLM answered an HTTP error status (after retries): <see cref="SpendLogLookup.StatusCode"/> holds it.</summary>
    HttpStatus = 1,

    /// <summary>No answer came within the configured timeout (<c>UsageAnalytics:LiteLLM:TimeoutSeconds</c>).</summary>
    Timeout = 2,

    /// <summary>The request could not be sent or its answer could not be read (connection refused, reset, DNS...).</summary>
    Network = 3,

    /// <summary>The resilience pipeline refused to send the request: its circuit breaker is open, or it was otherwise rejected.</summary>
    CircuitOpen = 4,

    /// <summary>The response was larger than <c>UsageAnalytics:LiteLLM:MaxResponseBytes</c> and was discarded.</summary>
    TooLarge = 5,

    /// <summary>
    /// The response was malformed: not JSON, JSON of neither known shape, the request's own row malformed (for example
    /// a <c>spend</c> that is not a number), or malformed rows whose request id cannot be read and no well-formed match.
    /// </summary>
    Malformed = 6,
}
