using System.Net;
using Microsoft.Extensions.Options;
using UsageAnalytics.DependencyInjection;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Reads each response body of the typed <see cref="LiteLLMSpendLogClient"/> completely, inside the resilience pipeline,
/// so the pipeline's timeouts cover the body as well as the headers: a server that sends its headers and then dribbles
/// the body times out like one that never answers. The body is read up to
/// <c>UsageAnalytics:LiteLLM:MaxResponseBytes</c>; a longer one fails with
/// <see cref="HttpRequestError.ConfigurationLimitExceeded"/>, as the HTTP client's own buffer limit would. A success
/// (2xx) body of a spend-log request (<see cref="ValidateBody"/>) that is not a readable spend-log answer (cut off, not JSON, or JSON of neither the v2 envelope nor the v1
/// array shape; see <see cref="SpendLogBodyValidator"/>) fails with <see cref="LiteLLMMalformedBodyException"/>, an
/// <see cref="HttpRequestError.InvalidResponse"/> fault the pipeline retries like a 5xx and its circuit breaker counts.
/// Other bodies (errors, redirects) are never validated: the client reads their message.
/// </summary>
/// <remarks>
/// Registered after the standard resilience handler (so below it): the token it reads with is the attempt's, which the
/// attempt and total timeouts cancel. The limit counts the bytes as the primary handler delivers them, after any
/// decompression a host turned on, so a small compressed body that inflates past the limit is refused too.
/// </remarks>
internal sealed class LiteLLMResponseBufferHandler(IOptions<UsageAnalyticsOptions> options) : DelegatingHandler
{
    /// <summary>
    /// Set by <see cref="LiteLLMSpendLogClient"/> on its spend-log requests: only their success bodies are validated, so
    /// a host that sends other requests through the same named client gets their bodies as they are.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> ValidateBody = new("UsageAnalytics.LiteLLM.ValidateSpendLogBody");

    private readonly IOptions<UsageAnalyticsOptions> _options = options;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var body = await BufferAsync(response, _options.Value.LiteLLM.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode
                && request.Options.TryGetValue(ValidateBody, out var validate) && validate
                && SpendLogBodyValidator.FindFault(body.Span) is { } fault)
            {
                throw new LiteLLMMalformedBodyException(fault, response.StatusCode);
            }

            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task<ReadOnlyMemory<byte>> BufferAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        var content = response.Content;
        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var buffer = new MemoryStream();
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }

        var buffered = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        foreach (var (name, values) in content.Headers)
        {
            // The length is the buffered one (it differs from the wire's when the primary handler decompressed).
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(name, values);
            }
        }

        response.Content = buffered;
        content.Dispose();
        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static HttpRequestException TooLarge(long maxBytes) => new(
        HttpRequestError.ConfigurationLimitExceeded,
        $"The response body is larger than UsageAnalytics:LiteLLM:MaxResponseBytes ({maxBytes} bytes).",
        inner: null,
        statusCode: null);
}
