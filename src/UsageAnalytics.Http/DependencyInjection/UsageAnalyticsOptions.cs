using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;
using UsageAnalytics.Costs;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Sync;

namespace UsageAnalytics.DependencyInjection;

/// <summary>
/// Options of UsageAnalytics, bound from the <c>UsageAnalytics</c> configuration section by
/// <see cref="UsageAnalyticsServiceCollectionExtensions.AddUsageAnalytics(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>
/// and validated when the host starts.
/// </summary>
/// <remarks>
/// Validation is source-generated from the data annotations on these options and their nested
/// <see cref="LiteLLMOptions"/> and <see cref="SyncOptions"/>; the rules annotations cannot express (an absolute
/// http(s) <see cref="LiteLLMOptions.BaseUrl"/> and an <see cref="LiteLLMOptions.ApiKey"/> when <see cref="Enabled"/>,
/// non-blank <see cref="CostMerging"/> labels) are checked by <see cref="IValidatableObject.Validate"/>. Every message
/// names the configuration key to fix and never contains the API key. <see cref="ToString"/> never shows the API key.
/// </remarks>
public sealed class UsageAnalyticsOptions : IValidatableObject
{
    /// <summary>The name of the configuration section the options are bound from: <c>UsageAnalytics</c>.</summary>
    public const string SectionName = "UsageAnalytics";

    private const string Prefix = SectionName + ":";

    /// <summary>
    /// Gets or sets whether UsageAnalytics talks to LiteLLM. Default <see langword="true"/>. When
    /// <see langword="false"/>, no base URL or key is required, the client returns nothing and the synchronizer
    /// reports every row as skipped.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the LiteLLM proxy connection (section <c>UsageAnalytics:LiteLLM</c>). Must not be <see langword="null"/>.</summary>
    [Required(ErrorMessage = Prefix + "LiteLLM must not be null.")]
    [ValidateObjectMembers]
    public LiteLLMOptions LiteLLM { get; set; } = new();

    /// <summary>
    /// Gets or sets how spend logs are merged into cost breakdowns (section <c>UsageAnalytics:CostMerging</c>): Core's
    /// <see cref="CostMergeOptions"/>, bound as is (<c>Currency</c>, <c>CompositeSource</c>, <c>CoverageLabel</c>,
    /// <c>CacheHitCoverageLabel</c>, <c>RequestIdPaths</c>, <c>CallIdPaths</c>, <c>EstimatedSttCostKey</c>,
    /// <c>EstimatedTtsCostKey</c>) and used to build the registered
    /// <see cref="CostBreakdownMerger"/>. Must not be <see langword="null"/>; its labels and keys must not be blank.
    /// </summary>
    [Required(ErrorMessage = Prefix + "CostMerging must not be null.")]
    public CostMergeOptions CostMerging { get; set; } = new();

    /// <summary>Gets or sets how the actual-cost synchronizer runs (section <c>UsageAnalytics:Sync</c>). Must not be <see langword="null"/>.</summary>
    [Required(ErrorMessage = Prefix + "Sync must not be null.")]
    [ValidateObjectMembers]
    public SyncOptions Sync { get; set; } = new();

    /// <summary>
    /// Checks the rules data annotations cannot express: with <see cref="Enabled"/>, an absolute http(s)
    /// <see cref="LiteLLMOptions.BaseUrl"/> and a non-blank <see cref="LiteLLMOptions.ApiKey"/>; non-blank
    /// <see cref="CostMerging"/> labels, keys and request-id paths; call-id paths without a blank path or segment.
    /// </summary>
    /// <param name="validationContext">The validation context (not used beyond the contract).</param>
    /// <returns>One result per broken rule, each naming its configuration key; none when the options are valid.</returns>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (Enabled && LiteLLM is { } liteLlm)
        {
            if (!Uri.TryCreate(liteLlm.BaseUrl, UriKind.Absolute, out var baseUrl)
                || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            {
                yield return new ValidationResult(
                    $"{Prefix}LiteLLM:BaseUrl must be an absolute http(s) URL (for example https://litellm.example.com) when {Prefix}Enabled is true.",
                    [nameof(LiteLLMOptions.BaseUrl)]);
            }

            if (string.IsNullOrWhiteSpace(liteLlm.ApiKey))
            {
                yield return new ValidationResult(
                    $"{Prefix}LiteLLM:ApiKey must not be empty when {Prefix}Enabled is true.",
                    [nameof(LiteLLMOptions.ApiKey)]);
            }
        }

        if (CostMerging is { } merging)
        {
            foreach (var (value, key) in new[]
            {
                (merging.Currency, nameof(CostMergeOptions.Currency)),
                (merging.CompositeSource, nameof(CostMergeOptions.CompositeSource)),
                (merging.CoverageLabel, nameof(CostMergeOptions.CoverageLabel)),
                (merging.CacheHitCoverageLabel, nameof(CostMergeOptions.CacheHitCoverageLabel)),
                (merging.EstimatedSttCostKey, nameof(CostMergeOptions.EstimatedSttCostKey)),
                (merging.EstimatedTtsCostKey, nameof(CostMergeOptions.EstimatedTtsCostKey)),
            })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    yield return new ValidationResult($"{Prefix}CostMerging:{key} must not be empty.", [key]);
                }
            }

            if (merging.RequestIdPaths is not { Count: > 0 } paths || paths.Any(string.IsNullOrWhiteSpace))
            {
                yield return new ValidationResult(
                    $"{Prefix}CostMerging:RequestIdPaths must hold at least one path and no blank one.",
                    [nameof(CostMergeOptions.RequestIdPaths)]);
            }

            // May be empty (no call-id lookups); each path is dot-separated keys, as the merger reads it.
            if (merging.CallIdPaths is not { } callIdPaths || callIdPaths.Any(p => p is null || p.Split('.').Any(string.IsNullOrWhiteSpace)))
            {
                yield return new ValidationResult(
                    $"{Prefix}CostMerging:CallIdPaths must not hold a blank path or an empty segment (for example litellm_call_id or relay_meta.litellm_call_id).",
                    [nameof(CostMergeOptions.CallIdPaths)]);
            }
        }
    }

    /// <summary>Describes the options with the API key redacted.</summary>
    /// <returns>A one-line description that never contains the API key.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"UsageAnalyticsOptions {{ Enabled = {Enabled}, LiteLLM = {LiteLLM}, CostMerging = {CostMerging}, Sync = {Sync} }}");
}
