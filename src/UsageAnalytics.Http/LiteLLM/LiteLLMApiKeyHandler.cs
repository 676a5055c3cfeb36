using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using UsageAnalytics.DependencyInjection;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Adds the LiteLLM key to requests of the typed <see cref="LiteLLMSpendLogClient"/>, as <c>Authorization: Bearer</c>
/// and <c>x-litellm-api-key</c>, but only when the request's origin (scheme, host and port) is the configured
/// <c>UsageAnalytics:LiteLLM:BaseUrl</c>'s: the key never travels to another host. It logs nothing.
/// </summary>
/// <remarks>
/// Registered before the standard resilience handler, so a request gets its headers once and every retry re-sends
/// them. Automatic redirects are turned off on the client's primary handler, since a redirect would happen below this
/// handler and carry <c>x-litellm-api-key</c> to wherever it points.
/// </remarks>
internal sealed class LiteLLMApiKeyHandler(IOptions<UsageAnalyticsOptions> options) : DelegatingHandler
{
    /// <summary>The header LiteLLM reads besides <c>Authorization</c>.</summary>
    internal const string ApiKeyHeader = "x-litellm-api-key";

    private readonly IOptions<UsageAnalyticsOptions> _options = options;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        AddKey(request);
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        AddKey(request);
        return base.Send(request, cancellationToken);
    }

    /// <summary>Whether <paramref name="target"/> has the same scheme, host and port (default ports included) as <paramref name="baseUrl"/>.</summary>
    internal static bool IsSameOrigin(Uri? target, string? baseUrl) =>
        target is { IsAbsoluteUri: true }
        && Uri.TryCreate(baseUrl, UriKind.Absolute, out var origin)
        && Uri.Compare(
            target,
            origin,
            UriComponents.Scheme | UriComponents.Host | UriComponents.StrongPort,
            UriFormat.UriEscaped,
            StringComparison.OrdinalIgnoreCase) == 0;

    private void AddKey(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var liteLlm = _options.Value.LiteLLM;
        if (string.IsNullOrEmpty(liteLlm.ApiKey) || !IsSameOrigin(request.RequestUri, liteLlm.BaseUrl))
        {
            return;
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", liteLlm.ApiKey);
        request.Headers.Remove(ApiKeyHeader);
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, liteLlm.ApiKey);
    }
}
