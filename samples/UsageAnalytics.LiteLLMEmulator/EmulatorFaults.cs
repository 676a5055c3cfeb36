namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>
/// Failure modes the emulator injects into spend-log responses. Decisions are deterministic for a given
/// <see cref="Seed"/>: per request from the request's sequence number, per row from its request id.
/// </summary>
/// <remarks>Fractions are between 0 and 1; "every Nth" counts every spend-log request that passed authentication.</remarks>
public sealed record EmulatorFaults
{
    /// <summary>Gets the fault-free configuration.</summary>
    public static EmulatorFaults None { get; } = new();

    /// <summary>Gets the seed of the fault decisions. Default 7.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Gets the latency added to every spend-log request. Default none.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Gets the fraction of requests answered 429 with <c>Retry-After</c>.</summary>
    public double RateLimitFraction { get; init; }

    /// <summary>Gets N where every Nth request is answered 429 (0 = never).</summary>
    public int RateLimitEveryNth { get; init; }

    /// <summary>Gets the <c>Retry-After</c> value of a 429, in seconds. Default 1.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Gets the fraction of requests answered 500.</summary>
    public double ServerErrorFraction { get; init; }

    /// <summary>Gets N where every Nth request is answered 500 (0 = never).</summary>
    public int ServerErrorEveryNth { get; init; }

    /// <summary>Gets the fraction of rows served malformed (spend <c>"oops"</c>, no request_id, a bad startTime, a JSON array for a row).</summary>
    public double MalformedRowFraction { get; init; }

    /// <summary>Gets the fraction of responses whose body is cut off (not valid JSON).</summary>
    public double BrokenBodyFraction { get; init; }

    /// <summary>Gets the fraction of responses whose whole body is <c>[null]</c>.</summary>
    public double NullBodyFraction { get; init; }

    /// <summary>
    /// Gets whether the proxy has lost its database: every spend-log request answers 503 <c>no_db_connection</c>
    /// (401 "No connected db." when the emulator plays an old build).
    /// </summary>
    public bool NoDatabase { get; init; }

    /// <summary>Gets whether any fault is configured.</summary>
    public bool IsActive =>
        Latency > TimeSpan.Zero || RateLimitFraction > 0 || RateLimitEveryNth > 0 || ServerErrorFraction > 0
        || ServerErrorEveryNth > 0 || MalformedRowFraction > 0 || BrokenBodyFraction > 0 || NullBodyFraction > 0 || NoDatabase;
}
