using System.Net;
using Microsoft.Extensions.Options;
using UsageAnalytics.DependencyInjection;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Reads each response body of the typed <see cref="LiteLLMSpendLogClient"/> completely, inside the resilience pipeline,
/// so the pipeline's timeouts cover the body as well as the headers: a server that sends its headers and then dribbles
/// the body times out like one that never answers. The body is read up to
/// <c>UsageAnalytics:LiteLLM:MaxResponseBytes</c>; a longer one fails with
/// <see cref="HttpRequestError.ConfigurationLimitExceeded"/>, as the HTTP client's own buffer limit would.
/// </summary>
/// <remarks>
/// Registered after the standard resilience handler (so below it): the token it reads with is the attempt's, which the
/// attempt and total timeouts cancel. The limit counts the bytes as the primary handler delivers them, after any
/// decompression a host turned on, so a small compressed body that inflates past the limit is refused too.
/// </remarks>
internal sealed class LiteLLMResponseBufferHandler(IOptions<UsageAnalyticsOptions> options) : DelegatingHandler
{
    private readonly IOptions<UsageAnalyticsOptions> _options = options;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await BufferAsync(response, _options.Value.LiteLLM.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task BufferAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
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
    }

    private static HttpRequestException TooLarge(long maxBytes) => new(
        HttpRequestError.ConfigurationLimitExceeded,
        $"The response body is larger than UsageAnalytics:LiteLLM:MaxResponseBytes ({maxBytes} bytes).",
        inner: null,
        statusCode: null);
}
