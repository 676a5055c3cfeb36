using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UsageAnalytics.DependencyInjection;

namespace UsageAnalytics.Pricing;

/// <summary>
/// Reads the prices of a LiteLLM proxy's deployments from its model info (<c>GET /model/info</c>), through the same
/// HTTP client as the spend-log client: <c>UsageAnalytics:LiteLLM:BaseUrl</c>, the key as <c>Authorization: Bearer</c> and
/// <c>x-litellm-api-key</c> (only to that origin), the standard resilience handler and its timeout, redirects not
/// followed, and the body capped at <c>UsageAnalytics:LiteLLM:MaxResponseBytes</c>. Registered by <c>AddPriceBook</c>.
/// </summary>
/// <remarks>
/// How deployments become prices is documented on <see cref="LiteLLMModelPrices"/>. Its warnings are logged at Warning
/// (the first <see cref="MaxLoggedWarnings"/>); nothing logged or thrown carries the key.
/// </remarks>
public sealed class LiteLLMModelInfoClient
{
    /// <summary>The most warnings of one answer logged one by one: 20 (the rest are counted in one record).</summary>
    public const int MaxLoggedWarnings = 20;

    private const string What = "LiteLLM's model info";
    private const int MaxErrorBodyChars = 64 * 1024;

    private readonly HttpClient _httpClient;
    private readonly UsageAnalyticsOptions _options;
    private readonly string _path;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="LiteLLMModelInfoClient"/> class.</summary>
    /// <param name="httpClient">The LiteLLM HTTP client (its handlers add the key, retry and time out).</param>
    /// <param name="options">The UsageAnalytics options (the LiteLLM connection).</param>
    /// <param name="pricingOptions">The pricing options (<see cref="PriceBookOptions.ModelInfoPath"/>).</param>
    /// <param name="logger">The logger of the answer's warnings.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (the message names the configuration key to fix).</exception>
    public LiteLLMModelInfoClient(
        HttpClient httpClient,
        IOptions<UsageAnalyticsOptions> options,
        IOptions<PriceBookOptions> pricingOptions,
        ILogger<LiteLLMModelInfoClient> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pricingOptions);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClient = httpClient;
        _options = UsageAnalyticsOptionsValidator.EnsureValid(options.Value, nameof(options));
        var path = pricingOptions.Value?.ModelInfoPath;
        if (path is null || !path.StartsWith('/'))
        {
            throw new ArgumentException($"{PriceBookOptions.SectionName}:ModelInfoPath must be a path that starts with '/' (default {PriceBookOptions.DefaultModelInfoPath}).", nameof(pricingOptions));
        }

        _path = path;
        _logger = logger;
    }

    /// <summary>Reads the proxy's deployments and their prices.</summary>
    /// <param name="cancellationToken">A token that cancels the call.</param>
    /// <returns>The prices by public model name, the deployments to map to a base model, and what was skipped.</returns>
    /// <exception cref="InvalidOperationException">UsageAnalytics is disabled (<c>UsageAnalytics:Enabled</c> is false).</exception>
    /// <exception cref="PriceBookLoadException">
    /// The proxy answered a status that is not a success, after the retries (<see cref="PriceBookLoadFailureKind.HttpStatus"/>
    /// with LiteLLM's own message, for example a 401 for a wrong key; a redirect is not followed); the call timed out,
    /// the connection failed or the circuit is open; the body is over <c>UsageAnalytics:LiteLLM:MaxResponseBytes</c>; or
    /// the body is not a model-info answer (<see cref="PriceBookLoadFailureKind.Malformed"/>: not JSON, or no <c>data</c> array).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<LiteLLMModelPrices> GetModelPricesAsync(CancellationToken cancellationToken = default)
    {
        if (!_options.Enabled)
        {
            throw new InvalidOperationException("UsageAnalytics is disabled (UsageAnalytics:Enabled is false); the proxy's model info cannot be read.");
        }

        var where = LogText.Safe(_path);
        try
        {
            var url = new Uri(_options.LiteLLM.BaseUrl!.TrimEnd('/') + "/" + _path.TrimStart('/'), UriKind.Absolute);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _httpClient
                .SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var detail = (int)response.StatusCode is >= 300 and < 400
                    ? "a redirect, which is not followed (the key goes only to UsageAnalytics:LiteLLM:BaseUrl's origin: set it to the final address)."
                    : "LiteLLM says: " + await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                throw PriceBookFailures.Status(response.StatusCode, What, where, detail);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            LiteLLMModelPrices prices;
            try
            {
                prices = LiteLLMModelPrices.Parse(body);
            }
            catch (PriceBookFormatException ex)
            {
                throw new PriceBookLoadException(
                    $"{What} at {where} is not a model-info answer: {LogText.Safe(MaskKey(ex.Message))}",
                    PriceBookLoadFailureKind.Malformed,
                    where,
                    response.StatusCode,
                    ex);
            }

            LogWarnings(prices, where);
            return prices;
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw new PriceBookLoadException(
                string.Create(CultureInfo.InvariantCulture, $"{What} at {where} is larger than UsageAnalytics:LiteLLM:MaxResponseBytes ({_options.LiteLLM.MaxResponseBytes} bytes) and was discarded."),
                PriceBookLoadFailureKind.ResponseTooLarge,
                where,
                statusCode: null,
                ex);
        }
        catch (Exception ex) when (ex is not PriceBookLoadException && PriceBookFailures.IsTransportFailure(ex, cancellationToken))
        {
            throw PriceBookFailures.Transport(ex, What, where, "the LiteLLM client's total request timeout (UsageAnalytics:LiteLLM:TimeoutSeconds)");
        }
    }

    private void LogWarnings(LiteLLMModelPrices prices, string where)
    {
        for (var i = 0; i < prices.Warnings.Count && i < MaxLoggedWarnings; i++)
        {
            Log.ModelInfoWarning(_logger, where, MaskKey(prices.Warnings[i]));
        }

        if (prices.Warnings.Count > MaxLoggedWarnings)
        {
            Log.ModelInfoWarningsCut(_logger, where, prices.Warnings.Count - MaxLoggedWarnings);
        }

        Log.ModelInfoRead(_logger, where, prices.DeploymentCount, prices.Prices.Count, prices.Deployments.Count, prices.Warnings.Count);
    }

    /// <summary>
    /// LiteLLM's own reason from an error body (<c>{"error": {"message"}}</c>, FastAPI's <c>{"detail": ...}</c>), else the
    /// start of the raw body; the key masked, shortened and escaped.
    /// </summary>
    private async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or DecoderFallbackException)
        {
            return "(no readable body).";
        }

        if (text.Length > MaxErrorBodyChars)
        {
            text = text[..MaxErrorBodyChars];
        }

        var said = FindMessage(text) ?? (string.IsNullOrWhiteSpace(text) ? "(empty body)" : text.Trim());
        var safe = LogText.Safe(MaskKey(said));
        return safe.EndsWith('.') ? safe : safe + ".";
    }

    private static string? FindMessage(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString();
                }

                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString();
                }
            }

            if (root.TryGetProperty("detail", out var detail))
            {
                return detail.ValueKind switch
                {
                    JsonValueKind.String => detail.GetString(),
                    JsonValueKind.Object when detail.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.String => inner.GetString(),
                    JsonValueKind.Array => string.Join("; ", detail.EnumerateArray()
                        .Select(static item => item.ValueKind == JsonValueKind.Object && item.TryGetProperty("msg", out var msg) && msg.ValueKind == JsonValueKind.String ? msg.GetString() : null)
                        .Where(static msg => !string.IsNullOrEmpty(msg))
                        .Take(5)),
                    _ => null,
                };
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Replaces every echo of the configured key in a server's text with <c>***</c>.</summary>
    private string MaskKey(string text) =>
        string.IsNullOrEmpty(_options.LiteLLM.ApiKey) ? text : text.Replace(_options.LiteLLM.ApiKey, "***", StringComparison.Ordinal);
}
