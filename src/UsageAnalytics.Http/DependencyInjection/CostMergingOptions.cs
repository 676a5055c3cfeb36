using System.Globalization;

namespace UsageAnalytics.DependencyInjection;

/// <summary>
/// How spend logs are merged into stored cost breakdowns (configuration section <c>UsageAnalytics:CostMerging</c>);
/// used to build the registered <see cref="Costs.CostBreakdownMerger"/>.
/// </summary>
public sealed class CostMergingOptions
{
    /// <summary>Gets or sets the ISO 4217 currency of merged costs. Default <c>USD</c>; must not be blank.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// Gets or sets the source label of a merged cost. Default <c>speech_composite_mixed_litellm_spend_log</c>;
    /// must not be blank.
    /// </summary>
    public string CompositeSource { get; set; } = "speech_composite_mixed_litellm_spend_log";

    /// <summary>
    /// Gets or sets the <c>cost_coverage</c> label written into merged breakdowns. Default
    /// <c>llm_actual_tts_stt_estimated</c>; must not be blank.
    /// </summary>
    public string CoverageLabel { get; set; } = "llm_actual_tts_stt_estimated";

    /// <summary>Describes the options.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"CostMergingOptions {{ Currency = {Currency}, CompositeSource = {CompositeSource}, CoverageLabel = {CoverageLabel} }}");
}
