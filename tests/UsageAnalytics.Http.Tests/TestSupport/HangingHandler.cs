namespace UsageAnalytics.TestSupport;

/// <summary>A transport that never answers: it signals when a request arrives and honours cancellation.</summary>
public sealed class HangingHandler(TaskCompletionSource started) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }
}
