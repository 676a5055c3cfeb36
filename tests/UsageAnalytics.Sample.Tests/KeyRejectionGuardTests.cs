using System.Net;
using UsageAnalytics.LiteLLM;

namespace UsageAnalytics.Sample;

public sealed class KeyRejectionGuardTests
{
    private static readonly SpendLogLookup _rejected = SpendLogLookup.Failed(
        SpendLogFailureKind.HttpStatus, "LiteLLM answered HTTP 401 (Unauthorized) at /spend/logs/v2: Authentication Error.", HttpStatusCode.Unauthorized);

    [Fact]
    public void Observe_FirstThreeLookupsRejected_CancelsTheRunWithTheReason()
    {
        var guard = new KeyRejectionGuard();
        using var run = new CancellationTokenSource();
        guard.Arm(run);

        guard.Observe(_rejected);
        guard.Observe(_rejected);
        Assert.False(run.IsCancellationRequested);
        guard.Observe(_rejected);

        Assert.True(run.IsCancellationRequested);
        Assert.Equal(
            "the proxy rejected the key: HTTP 401 on each of the first 3 lookups, sync stopped (LiteLLM answered HTTP 401 (Unauthorized) at /spend/logs/v2: Authentication Error)",
            guard.Reason);
    }

    [Theory]
    [InlineData(0)] // found
    [InlineData(1)] // not found
    [InlineData(2)] // a 500
    public void Observe_AnotherAnswerAmongTheFirst_DisarmsForTheRun(int kind)
    {
        var guard = new KeyRejectionGuard();
        using var run = new CancellationTokenSource();
        guard.Arm(run);
        var other = kind switch
        {
            0 => SpendLogLookup.Found(SpendLogEntry.Parse("""{"request_id":"r","spend":0.1,"startTime":"2026-08-06T00:00:00Z"}""")),
            1 => SpendLogLookup.NotFound,
            _ => SpendLogLookup.Failed(SpendLogFailureKind.HttpStatus, "HTTP 500", HttpStatusCode.InternalServerError),
        };

        guard.Observe(_rejected);
        guard.Observe(other);
        for (var i = 0; i < 5; i++)
        {
            guard.Observe(_rejected);
        }

        Assert.False(run.IsCancellationRequested);
        Assert.Null(guard.Reason);
    }

    [Fact]
    public void Arm_NewRun_StartsCountingAgain()
    {
        var guard = new KeyRejectionGuard();
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        guard.Arm(first);
        guard.Observe(SpendLogLookup.NotFound);

        guard.Arm(second);
        guard.Observe(_rejected);
        guard.Observe(_rejected);
        guard.Observe(_rejected);

        Assert.False(first.IsCancellationRequested);
        Assert.True(second.IsCancellationRequested);
    }
}
