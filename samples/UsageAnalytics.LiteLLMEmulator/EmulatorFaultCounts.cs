namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>
/// How many faults an emulator has injected so far, by kind (a snapshot: read <see cref="LiteLLMProxyEmulator.InjectedFaults"/>
/// again for newer counts). Each spend-log request carries at most one request-level fault; malformed rows are counted
/// per row served in an otherwise intact body.
/// </summary>
public sealed record EmulatorFaultCounts
{
    /// <summary>Gets the requests answered 429 (<see cref="EmulatorFaults.RateLimitFraction"/>, <see cref="EmulatorFaults.RateLimitEveryNth"/>).</summary>
    public long RateLimited { get; init; }

    /// <summary>Gets the requests answered 500 (<see cref="EmulatorFaults.ServerErrorFraction"/>, <see cref="EmulatorFaults.ServerErrorEveryNth"/>).</summary>
    public long ServerErrors { get; init; }

    /// <summary>Gets the requests answered with a body cut off mid-way (<see cref="EmulatorFaults.BrokenBodyFraction"/>).</summary>
    public long BrokenBodies { get; init; }

    /// <summary>Gets the requests answered with the body <c>[null]</c> (<see cref="EmulatorFaults.NullBodyFraction"/>).</summary>
    public long NullBodies { get; init; }

    /// <summary>Gets the rows served malformed in an intact body (<see cref="EmulatorFaults.MalformedRowFraction"/>).</summary>
    public long MalformedRows { get; init; }

    /// <summary>Gets the requests answered "no database" (<see cref="EmulatorFaults.NoDatabase"/>).</summary>
    public long NoDatabase { get; init; }

    /// <summary>Gets every fault injected: the sum of the counts.</summary>
    public long Total => RateLimited + ServerErrors + BrokenBodies + NullBodies + MalformedRows + NoDatabase;
}
