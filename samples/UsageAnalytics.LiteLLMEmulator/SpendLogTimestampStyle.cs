namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>How the emulator writes a row's timestamps: the three styles real LiteLLM proxies send (all UTC).</summary>
public enum SpendLogTimestampStyle
{
    /// <summary><c>2026-08-06T14:30:00.123456+00:00</c> (the database read path).</summary>
    IsoOffset,

    /// <summary><c>2024-01-18T18:07:54.071000Z</c>.</summary>
    IsoZulu,

    /// <summary><c>2025-01-24 09:20:46.847371</c> with no zone (queue payloads).</summary>
    Naive,
}
