using System.Net;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;
using UsageAnalytics.Sync;

namespace UsageAnalytics.Sample;

public sealed class SyncVerdictTests
{
    private const string Proxy = "http://127.0.0.1:9/";

    [Fact]
    public void Of_StoppedEarly_FailsWithTheStopReason()
    {
        var verdict = SyncVerdict.Of(
            Result(failures: [Failure(SpendLogFailureKind.HttpStatus, HttpStatusCode.Unauthorized)]),
            "LiteLLM rejected the API key (HTTP 401 Unauthorized: Authentication Error).",
            0,
            Proxy);

        Assert.Equal("LiteLLM rejected the API key (HTTP 401 Unauthorized: Authentication Error); the sync stopped after its first lookups", verdict.FailureReason);
        Assert.False(verdict.Worked);
    }

    [Fact]
    public void Of_EveryLookupNetworkOrCircuit_SaysTheProxyCouldNotBeReached()
    {
        var result = Result(notYet: 2, failures: [Failure(SpendLogFailureKind.Network), Failure(SpendLogFailureKind.Network), Failure(SpendLogFailureKind.CircuitOpen)]);

        var verdict = SyncVerdict.Of(result, stopReason: null, notLookedUp: 2, Proxy);

        Assert.Equal(
            "the proxy could not be reached at http://127.0.0.1:9/: every one of the 3 lookups failed (Network x 2, CircuitOpen x 1; failed: Network)",
            verdict.FailureReason);
    }

    [Fact]
    public void Of_EveryLookupRejectedWithoutAStopReason_SaysTheKeyWasRejected()
    {
        var verdict = SyncVerdict.Of(Result(failures: [Failure(SpendLogFailureKind.HttpStatus, HttpStatusCode.Forbidden)]), null, 0, Proxy);

        Assert.Equal("the proxy rejected the key: HTTP 403 on every one of the 1 lookups (failed: HttpStatus)", verdict.FailureReason);
    }

    [Fact]
    public void Of_EveryLookupFailedOtherwise_CountsTheKinds()
    {
        var result = Result(failures:
        [
            Failure(SpendLogFailureKind.HttpStatus, HttpStatusCode.InternalServerError),
            Failure(SpendLogFailureKind.MalformedResponse),
            Failure(SpendLogFailureKind.HttpStatus, HttpStatusCode.InternalServerError),
        ]);

        var verdict = SyncVerdict.Of(result, null, 0, Proxy);

        Assert.Equal("every one of the 3 lookups failed (HTTP 500 x 2, MalformedResponse x 1; first: failed: HttpStatus)", verdict.FailureReason);
    }

    [Theory]
    [InlineData(1, 0, 0)] // one row found
    [InlineData(0, 3, 2)] // three not yet, two of them too young to ask: one lookup answered "not there"
    public void Of_SomeLookupAnswered_Works(int actualized, int notYet, int notLookedUp)
    {
        var result = Result(actualized, notYet, failures: [Failure(SpendLogFailureKind.Network)]);

        Assert.Same(SyncVerdict.Ok, SyncVerdict.Of(result, null, notLookedUp, Proxy));
    }

    [Fact]
    public void Of_OnlyMergeFailures_WorksBecauseLiteLLMAnswered()
    {
        var result = Result(failures: [Failure(SpendLogFailureKind.RequestIdMismatch), Failure(SpendLogFailureKind.Network)]);

        Assert.True(SyncVerdict.Of(result, null, 0, Proxy).Worked);
    }

    [Fact]
    public void Of_NothingToLookUp_Works()
    {
        Assert.True(SyncVerdict.Of(Result(notYet: 4), null, notLookedUp: 4, Proxy).Worked);
    }

    private static SyncResult Result(int actualized = 0, int notYet = 0, IReadOnlyList<SyncFailure>? failures = null) => new()
    {
        Actualized = actualized,
        NotYetAvailable = notYet,
        Failed = failures?.Count ?? 0,
        Failures = failures ?? [],
    };

    private static SyncFailure Failure(SpendLogFailureKind kind, HttpStatusCode? status = null) => new()
    {
        Record = new UsageRecord { RequestId = "r", Timestamp = new DateTimeOffset(2026, 8, 6, 0, 0, 0, TimeSpan.Zero) },
        RequestId = "r",
        Kind = kind,
        StatusCode = status,
        Message = "failed: " + kind,
    };
}
