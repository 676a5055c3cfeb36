namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>The run-time switches of one emulator, shared between its public surface and its request handler.</summary>
internal sealed class EmulatorState(EmulatorOptions options)
{
    public const int RecentRequestCapacity = 1000;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _recent = new();
    private EmulatorFaults _faults = options.Faults ?? EmulatorFaults.None;
    private long _visibilityDelayTicks = options.VisibilityDelay.Ticks;
    private int _oldBuild = options.OldBuild ? 1 : 0;
    private long _requestCount;
    private long _spendLogRequestCount;
    private long _rateLimited;
    private long _serverErrors;
    private long _brokenBodies;
    private long _nullBodies;
    private long _malformedRows;
    private long _noDatabase;

    /// <summary>A fault the handler injected.</summary>
    public enum Fault
    {
        RateLimited,
        ServerError,
        BrokenBody,
        NullBody,
        MalformedRow,
        NoDatabase,
    }

    public EmulatorOptions Options { get; } = options;

    public SpendLogStore Store { get; } = new();

    public EmulatorFaults Faults
    {
        get => Volatile.Read(ref _faults);
        set => Volatile.Write(ref _faults, value ?? EmulatorFaults.None);
    }

    public TimeSpan VisibilityDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _visibilityDelayTicks));
        set => Interlocked.Exchange(ref _visibilityDelayTicks, value.Ticks);
    }

    public bool OldBuild
    {
        get => Volatile.Read(ref _oldBuild) == 1;
        set => Volatile.Write(ref _oldBuild, value ? 1 : 0);
    }

    public long RequestCount => Interlocked.Read(ref _requestCount);

    public long SpendLogRequestCount => Interlocked.Read(ref _spendLogRequestCount);

    public IReadOnlyList<string> RecentRequests => [.. _recent];

    public long CountRequest(string pathAndQuery)
    {
        _recent.Enqueue(pathAndQuery);
        while (_recent.Count > RecentRequestCapacity && _recent.TryDequeue(out _))
        {
        }

        return Interlocked.Increment(ref _requestCount);
    }

    public long CountSpendLogRequest() => Interlocked.Increment(ref _spendLogRequestCount);

    public EmulatorFaultCounts InjectedFaults => new()
    {
        RateLimited = Interlocked.Read(ref _rateLimited),
        ServerErrors = Interlocked.Read(ref _serverErrors),
        BrokenBodies = Interlocked.Read(ref _brokenBodies),
        NullBodies = Interlocked.Read(ref _nullBodies),
        MalformedRows = Interlocked.Read(ref _malformedRows),
        NoDatabase = Interlocked.Read(ref _noDatabase),
    };

    public void CountFault(Fault fault, long count = 1)
    {
        switch (fault)
        {
            case Fault.RateLimited: Interlocked.Add(ref _rateLimited, count); break;
            case Fault.ServerError: Interlocked.Add(ref _serverErrors, count); break;
            case Fault.BrokenBody: Interlocked.Add(ref _brokenBodies, count); break;
            case Fault.NullBody: Interlocked.Add(ref _nullBodies, count); break;
            case Fault.MalformedRow: Interlocked.Add(ref _malformedRows, count); break;
            default: Interlocked.Add(ref _noDatabase, count); break;
        }
    }
}
