using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace UsageAnalytics.Sync;

/// <summary>How the <see cref="Sync.ActualCostSynchronizer"/> runs (configuration section <c>UsageAnalytics:Sync</c>).</summary>
public sealed class SyncOptions
{
    /// <summary>Gets or sets how many lookups run at once. Default 8; 1 to 256.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>
    /// Gets or sets how old a row must be before it is looked up: LiteLLM writes spend logs in batches, up to about
    /// a minute late. Younger rows are reported as not yet available without a call. Default 1 minute; 0 to 1 day.
    /// </summary>
#pragma warning disable IL2026 // The options validation source generator emits its own trim-safe copy of RangeAttribute; this one is never run by reflection.
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
#pragma warning restore IL2026
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Describes the options.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"SyncOptions {{ MaxConcurrency = {MaxConcurrency}, MinimumAge = {MinimumAge} }}");
}
