using UsageAnalytics.LiteLLM;
using UsageAnalytics.Sync;

using System.Globalization;

namespace UsageAnalytics.DependencyInjection;

/// <summary>
/// Options of UsageAnalytics, bound from the <c>UsageAnalytics</c> configuration section by
/// <see cref="UsageAnalyticsServiceCollectionExtensions.AddUsageAnalytics(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>
/// and validated when the host starts.
/// </summary>
/// <remarks><see cref="ToString"/> never shows the API key.</remarks>
public sealed class UsageAnalyticsOptions
{
    /// <summary>The name of the configuration section the options are bound from: <c>UsageAnalytics</c>.</summary>
    public const string SectionName = "UsageAnalytics";

    /// <summary>
    /// Gets or sets whether UsageAnalytics talks to LiteLLM. Default <see langword="true"/>. When
    /// <see langword="false"/>, no base URL or key is required, the client returns nothing and the synchronizer
    /// reports every row as skipped.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the LiteLLM proxy connection (section <c>UsageAnalytics:LiteLLM</c>).</summary>
    public LiteLLMOptions LiteLLM { get; set; } = new();

    /// <summary>Gets or sets how spend logs are merged into cost breakdowns (section <c>UsageAnalytics:CostMerging</c>).</summary>
    public CostMergingOptions CostMerging { get; set; } = new();

    /// <summary>Gets or sets how the actual-cost synchronizer runs (section <c>UsageAnalytics:Sync</c>).</summary>
    public SyncOptions Sync { get; set; } = new();

    /// <summary>Describes the options with the API key redacted.</summary>
    /// <returns>A one-line description that never contains the API key.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"UsageAnalyticsOptions {{ Enabled = {Enabled}, LiteLLM = {LiteLLM}, CostMerging = {CostMerging}, Sync = {Sync} }}");
}
