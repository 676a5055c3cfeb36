using System.Net;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// A success answer whose body is not a readable spend-log answer (cut off, not JSON, or JSON of neither known shape),
/// thrown by <see cref="LiteLLMResponseBufferHandler"/> inside the resilience pipeline. It is an
/// <see cref="HttpRequestException"/> with <see cref="HttpRequestError.InvalidResponse"/>, so the standard retry and
/// circuit breaker treat it as the transport fault it is (a proxy cut off mid-body answers in full on the next try);
/// the client reports it as <see cref="SpendLogFailureKind.MalformedResponse"/> once the retries are spent.
/// </summary>
internal sealed class LiteLLMMalformedBodyException : HttpRequestException
{
    public LiteLLMMalformedBodyException(string reason, HttpStatusCode statusCode)
        : base(HttpRequestError.InvalidResponse, "The spend-log response body is malformed: " + reason, inner: null, statusCode)
    {
        Reason = reason;
    }

    /// <summary>Gets why the body is unreadable (the JSON reader's message, which may quote the body: pass it through LogText).</summary>
    public string Reason { get; }
}
