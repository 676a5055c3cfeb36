namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>Settings of a <see cref="LiteLLMProxyEmulator"/>.</summary>
public sealed record EmulatorOptions
{
    /// <summary>The master key used when none is given.</summary>
    public const string DefaultApiKey = "sk-emulator-master-key";

    /// <summary>Gets the master key clients must send. Default <see cref="DefaultApiKey"/>.</summary>
    public string ApiKey { get; init; } = DefaultApiKey;

    /// <summary>Gets the clock that decides which rows the batch writer has flushed. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets how long after its startTime a row becomes visible (LiteLLM's batch writer). Default 0.</summary>
    public TimeSpan VisibilityDelay { get; init; }

    /// <summary>Gets the faults injected from the start. Default none.</summary>
    public EmulatorFaults Faults { get; init; } = EmulatorFaults.None;

    /// <summary>
    /// Gets whether to behave like an old build: v1 answers <c>[null]</c> for an unknown request id and v2 omits
    /// <c>total_is_capped</c>. Default <see langword="false"/>.
    /// </summary>
    public bool OldBuild { get; init; }

    /// <summary>Gets the largest accepted v2 <c>page_size</c> (100 on older builds, 1000 on v1.95). Default 100.</summary>
    public int MaxPageSize { get; init; } = 100;

    /// <summary>Gets where the v2 <c>total</c> stops, with <c>total_is_capped</c> true. Default 10,000.</summary>
    public int TotalCap { get; init; } = 10_000;

    /// <summary>Gets the rows present from the start.</summary>
    public IReadOnlyList<SpendLogRow> Rows { get; init; } = [];
}
