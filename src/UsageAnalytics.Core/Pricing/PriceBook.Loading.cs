using System.Text;
using UsageAnalytics.Pricing.Catalog;

namespace UsageAnalytics.Pricing;

/// <summary>Reading a price book from LiteLLM's price file.</summary>
public sealed partial class PriceBook
{
    /// <summary>Reads a price book from LiteLLM's price-file JSON.</summary>
    /// <param name="json">The price file's text: a JSON object of model id → entry, as LiteLLM's <c>model_prices_and_context_window.json</c>.</param>
    /// <returns>The price book.</returns>
    /// <remarks>
    /// <para>
    /// <c>sample_spec</c> and members that are not objects (such as <c>last_updated</c>) are skipped; a repeated model id keeps
    /// its last entry. Of an entry, every property whose name contains <c>cost</c> and whose value is a JSON number or a
    /// numeric string (such as <c>"3e-7"</c>) becomes a rate in <see cref="ModelPrice.Rates"/>, its decimal value exactly as
    /// written; any other value (prose, <c>null</c>, objects such as <c>search_context_cost_per_query</c>) is ignored.
    /// <c>litellm_provider</c>, <c>mode</c> and <c>tiered_pricing</c> (ranges <c>[start, end]</c> in prompt tokens; a tier
    /// without a range and without <c>input_cost_per_token</c>, such as a search tier, is skipped) are read; every other
    /// field is ignored.
    /// </para>
    /// <para>The 2,985-entry file of 2026-07-24 (1.5 MB) loads in tens of milliseconds.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="PriceBookFormatException">The text is not valid JSON (the message gives the line and byte), its root
    /// is not an object, or a price field is negative, not representable as a decimal, a numeric-looking string that is not a
    /// finite number, or a malformed <c>tiered_pricing</c>; the message names the model and the field.</exception>
    public static PriceBook Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return FromUtf8(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads a price book from a stream of LiteLLM's price-file JSON (UTF-8, with or without a byte-order mark).</summary>
    /// <param name="stream">The stream; read to its end and not disposed.</param>
    /// <returns>The price book.</returns>
    /// <remarks>The format is described on <see cref="Parse(string)"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="PriceBookFormatException">The content is not a price file; see <see cref="Parse(string)"/>.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static PriceBook Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return FromUtf8(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Reads a price book from a stream of LiteLLM's price-file JSON (UTF-8, with or without a byte-order mark).</summary>
    /// <param name="stream">The stream (for example an HTTP response body); read to its end and not disposed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The price book.</returns>
    /// <remarks>The format is described on <see cref="Parse(string)"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="PriceBookFormatException">The content is not a price file; see <see cref="Parse(string)"/>.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<PriceBook> LoadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return FromUtf8(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Reads a price book from a file in LiteLLM's price-file format (UTF-8).</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The price book.</returns>
    /// <remarks>The format is described on <see cref="Parse(string)"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or not a valid path.</exception>
    /// <exception cref="PriceBookFormatException">The content is not a price file; see <see cref="Parse(string)"/>.</exception>
    /// <exception cref="IOException">The file cannot be read (for example <see cref="FileNotFoundException"/>).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static PriceBook LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromUtf8(File.ReadAllBytes(path));
    }

    private static PriceBook FromUtf8(ReadOnlySpan<byte> utf8) => Create(PriceFileReader.Read(utf8));
}
