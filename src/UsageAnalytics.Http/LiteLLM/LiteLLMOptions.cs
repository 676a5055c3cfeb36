using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace UsageAnalytics.LiteLLM;

/// <summary>Connection to a LiteLLM proxy (configuration section <c>UsageAnalytics:LiteLLM</c>).</summary>
/// <remarks>
/// Retries, timeouts and the circuit breaker are the standard resilience handler's: its
/// <c>HttpStandardResilienceOptions</c> are bound from the sub-section <c>UsageAnalytics:LiteLLM:Resilience</c> (and
/// can be configured in code through <c>IUsageAnalyticsBuilder.Resilience</c>), not copied into these options.
/// <see cref="ToString"/> never shows <see cref="ApiKey"/>.
/// </remarks>
public sealed class LiteLLMOptions
{
    /// <summary>The default spend-log path: <c>/spend/logs/v2</c>.</summary>
    public const string DefaultSpendLogPath = "/spend/logs/v2";

    private const string Prefix = "UsageAnalytics:LiteLLM:";

    /// <summary>
    /// Gets or sets the proxy's base URL, for example <c>https://litellm.example.com</c> (a path prefix is kept).
    /// Required, absolute http(s), when <see cref="DependencyInjection.UsageAnalyticsOptions.Enabled"/>.
    /// </summary>
#pragma warning disable CA1056 // A string keeps the configuration error ours and clear (a Uri fails inside the binder).
    public string? BaseUrl { get; set; }
#pragma warning restore CA1056

    /// <summary>
    /// Gets or sets the admin or master key, sent as <c>Authorization: Bearer</c> and <c>x-litellm-api-key</c>.
    /// Required when <see cref="DependencyInjection.UsageAnalyticsOptions.Enabled"/>. Never logged, never in a message.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets the spend-log path appended to <see cref="BaseUrl"/>. Default <c>/spend/logs/v2</c> (paged,
    /// date window required). A path ending in <c>/spend/logs</c> is read as the deprecated v1 endpoint: lookups
    /// send <c>request_id</c> only, and listing is not supported.
    /// </summary>
    [Required(ErrorMessage = Prefix + "SpendLogPath must be a path that starts with '/' (default " + DefaultSpendLogPath + ").")]
    [RegularExpression("^/.*", ErrorMessage = Prefix + "SpendLogPath must be a path that starts with '/' (default " + DefaultSpendLogPath + ").")]
    public string SpendLogPath { get; set; } = DefaultSpendLogPath;

    /// <summary>
    /// Gets or sets the default total time one call may take, retries included, in seconds: the resilience pipeline's
    /// total request timeout unless <c>UsageAnalytics:LiteLLM:Resilience:TotalRequestTimeout:Timeout</c> sets it.
    /// Default 30; 1 to 3600.
    /// </summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Gets or sets the page size of listings. Default 100 (older LiteLLM builds reject more); 1 to 1000.</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// Gets or sets the largest response body read, in bytes: the typed client's
    /// <see cref="HttpClient.MaxResponseContentBufferSize"/>. A larger body fails the call as
    /// <see cref="SpendLogFailureKind.ResponseTooLarge"/>. Default 16 MiB (16,777,216); 1 KiB to 1 GiB.
    /// </summary>
    [Range(1024d, 1073741824d)]
    public long MaxResponseBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Gets or sets how far on each side of a row's timestamp a lookup searches (the required v2 date window).
    /// Default 1 hour, which absorbs clock skew between the app and the proxy; 1 second to 7 days.
    /// </summary>
#pragma warning disable IL2026 // The options validation source generator emits its own trim-safe copy of RangeAttribute; this one is never run by reflection.
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
#pragma warning restore IL2026
    public TimeSpan LookupMargin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets the longest <c>Retry-After</c> the retry strategy waits for. A 429 or 503 asking for longer (or for a
    /// date further ahead) is not retried: the call fails at once as <see cref="SpendLogFailureKind.HttpStatus"/> with the
    /// status and the delay (<see cref="SpendLogLookup.RetryAfter"/>, <see cref="SpendLogRequestException.RetryAfter"/>).
    /// The pipeline's total request timeout caps it too. Default 30 seconds; 0 to 1 hour (0: never wait for it).
    /// </summary>
#pragma warning disable IL2026 // As on LookupMargin: the validation source generator emits its own trim-safe RangeAttribute.
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
#pragma warning restore IL2026
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Describes the options with the API key redacted.</summary>
    /// <returns>A one-line description that never contains the API key.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"LiteLLMOptions {{ BaseUrl = {BaseUrl}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "***")}, SpendLogPath = {SpendLogPath}, TimeoutSeconds = {TimeoutSeconds}, PageSize = {PageSize}, MaxResponseBytes = {MaxResponseBytes}, LookupMargin = {LookupMargin}, MaxRetryAfter = {MaxRetryAfter} }}");
}
