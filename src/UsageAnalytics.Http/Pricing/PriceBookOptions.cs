using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace UsageAnalytics.Pricing;

/// <summary>
/// Where the registered <see cref="IPriceBookProvider"/> loads its price book from and how often it reloads it
/// (configuration section <c>UsageAnalytics:Pricing</c>), validated when the host starts.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Source"/> is a file path, an absolute http(s) URL of a file in LiteLLM's price format (for example the raw
/// GitHub URL of <c>model_prices_and_context_window.json</c>), or <c>litellm</c> for the prices of the LiteLLM proxy's
/// own deployments (its <c>GET /model/info</c>, read with the <c>UsageAnalytics:LiteLLM</c> connection). With
/// <c>litellm</c>, <see cref="Catalog"/> may name a price file the proxy's prices are laid over, so deployments the
/// proxy lists without prices are priced from their base model's catalog entry.
/// </para>
/// <para>Every validation message names the configuration key to fix.</para>
/// </remarks>
public sealed class PriceBookOptions : IValidatableObject
{
    /// <summary>The configuration section the options are bound from: <c>UsageAnalytics:Pricing</c>.</summary>
    public const string SectionName = "UsageAnalytics:Pricing";

    /// <summary>The <see cref="Source"/> that reads the LiteLLM proxy's model info: <c>litellm</c> (any case).</summary>
    public const string LiteLLMSource = "litellm";

    /// <summary>The default <see cref="ModelInfoPath"/>: <c>/model/info</c>.</summary>
    public const string DefaultModelInfoPath = "/model/info";

    private const string Prefix = SectionName + ":";

    private static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRefreshInterval = TimeSpan.FromDays(365);

    /// <summary>
    /// Gets or sets where the price book comes from: a file path (relative to the process's current directory), an
    /// absolute http(s) URL of a LiteLLM price file, or <c>litellm</c> for the proxy's model info. Required; a URL of
    /// another scheme is refused. <c>AddUsageAnalytics</c> registers the price book only when this key is set.
    /// </summary>
    public string? Source { get; set; }

    /// <summary>
    /// Gets or sets how old a loaded book may get before the next <see cref="IPriceBookProvider.GetPriceBookAsync"/>
    /// starts reloading it in the background (calls keep getting it until the reload completes). Default 24 hours;
    /// 1 second to 365 days. A failed reload keeps the last good book.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets an optional file of price overrides (custom prices, effective-dated prices, discounts, deployment
    /// names) applied over the loaded book at every load; see <see cref="PriceBook"/> for its format. Default none.
    /// </summary>
    public string? OverridesFile { get; set; }

    /// <summary>
    /// Gets or sets, for <see cref="Source"/> <c>litellm</c> only, a file path or http(s) URL of a LiteLLM price file the
    /// proxy's prices are laid over: deployments the proxy lists without prices then resolve to their base model's
    /// entry. Default none (the proxy's prices alone; such deployments stay unpriced).
    /// </summary>
    public string? Catalog { get; set; }

    /// <summary>
    /// Gets or sets how long loading a price file from a URL may take in all, retries and the body included, in seconds.
    /// Default 60; 1 to 3600. (The proxy's model info uses the LiteLLM client's timeout.)
    /// </summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Gets or sets the largest price file read from a URL, in bytes; a larger body fails the load as
    /// <see cref="PriceBookLoadFailureKind.ResponseTooLarge"/> without being read further. Default 32 MiB
    /// (33,554,432; LiteLLM's full catalog is about 1.5 MB); 1 KiB to 1 GiB. (The proxy's model info is capped by
    /// <c>UsageAnalytics:LiteLLM:MaxResponseBytes</c>.)
    /// </summary>
    public long MaxResponseBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// Gets or sets the path of the proxy's model-info endpoint, appended to <c>UsageAnalytics:LiteLLM:BaseUrl</c>.
    /// Default <c>/model/info</c> (<c>/v1/model/info</c> answers the same).
    /// </summary>
    [Required(ErrorMessage = Prefix + "ModelInfoPath must be a path that starts with '/' (default " + DefaultModelInfoPath + ").")]
    [RegularExpression("^/.*", ErrorMessage = Prefix + "ModelInfoPath must be a path that starts with '/' (default " + DefaultModelInfoPath + ").")]
    public string ModelInfoPath { get; set; } = DefaultModelInfoPath;

    /// <summary>
    /// Checks the rules data annotations cannot express, or not with a message naming the configuration key: a
    /// non-blank <see cref="Source"/> that is a file path, an http(s) URL or <c>litellm</c>; <see cref="Catalog"/> only
    /// with <c>litellm</c>, and a file path or http(s) URL; no blank <see cref="OverridesFile"/>; the ranges of
    /// <see cref="RefreshInterval"/>, <see cref="TimeoutSeconds"/> and <see cref="MaxResponseBytes"/>.
    /// </summary>
    /// <param name="validationContext">The validation context (not used beyond the contract).</param>
    /// <returns>One result per broken rule, each naming its configuration key; none when the options are valid.</returns>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        var source = PriceBookSource.Classify(Source);
        if (source.Kind is PriceBookSourceKind.None or PriceBookSourceKind.Invalid)
        {
            yield return new ValidationResult(
                $"{Prefix}Source must be a file path, an absolute http(s) URL of a LiteLLM price file, or '{LiteLLMSource}' (the proxy's model info).",
                [nameof(Source)]);
        }

        if (Catalog is not null)
        {
            var catalog = PriceBookSource.Classify(Catalog);
            if (source.Kind != PriceBookSourceKind.LiteLLM)
            {
                yield return new ValidationResult(
                    $"{Prefix}Catalog applies only when {Prefix}Source is '{LiteLLMSource}'; remove it, or load the catalog as the Source.",
                    [nameof(Catalog)]);
            }
            else if (catalog.Kind is not (PriceBookSourceKind.File or PriceBookSourceKind.Url))
            {
                yield return new ValidationResult(
                    $"{Prefix}Catalog must be a file path or an absolute http(s) URL of a LiteLLM price file.",
                    [nameof(Catalog)]);
            }
        }

        if (OverridesFile is not null && string.IsNullOrWhiteSpace(OverridesFile))
        {
            yield return new ValidationResult($"{Prefix}OverridesFile must not be blank (remove it for no overrides).", [nameof(OverridesFile)]);
        }

        if (RefreshInterval < MinRefreshInterval || RefreshInterval > MaxRefreshInterval)
        {
            yield return new ValidationResult($"{Prefix}RefreshInterval must be between 00:00:01 and 365.00:00:00 (default 1.00:00:00).", [nameof(RefreshInterval)]);
        }

        if (RangeError(TimeoutSeconds, 1, 3600, nameof(TimeoutSeconds), "60") is { } timeout)
        {
            yield return timeout;
        }

        if (RangeError(MaxResponseBytes, 1024, 1073741824, nameof(MaxResponseBytes), "33554432") is { } size)
        {
            yield return size;
        }
    }

    /// <summary>A result naming the key when <paramref name="value"/> is outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    internal static ValidationResult? RangeError(long value, long min, long max, string key, string defaultValue) =>
        value < min || value > max
            ? new ValidationResult(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{key} must be between {min} and {max} (default {defaultValue})."), [key])
            : null;

    /// <summary>Describes the options (a URL without its user info, query or fragment).</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"PriceBookOptions {{ Source = {PriceBookSource.Classify(Source).Display}, RefreshInterval = {RefreshInterval}, OverridesFile = {OverridesFile}, Catalog = {PriceBookSource.Classify(Catalog).Display}, TimeoutSeconds = {TimeoutSeconds}, MaxResponseBytes = {MaxResponseBytes}, ModelInfoPath = {ModelInfoPath} }}");
}
