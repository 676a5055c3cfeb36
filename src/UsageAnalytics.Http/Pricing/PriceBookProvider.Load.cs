using Microsoft.Extensions.DependencyInjection;

namespace UsageAnalytics.Pricing;

/// <content>One load of the book: from a file, a URL or the proxy (over an optional catalog), then the overrides file.</content>
internal sealed partial class PriceBookProvider
{
    private async Task<PriceBook> LoadAsync(CancellationToken cancellationToken)
    {
        var source = PriceBookSource.Classify(_options.Source);
        var book = source.Kind switch
        {
            PriceBookSourceKind.LiteLLM => await LoadFromProxyAsync(cancellationToken).ConfigureAwait(false),
            _ => await LoadCatalogAsync(source, nameof(PriceBookOptions.Source), cancellationToken).ConfigureAwait(false),
        };

        if (_options.OverridesFile is { } overrides)
        {
            var json = await ReadFileAsync(overrides, nameof(PriceBookOptions.OverridesFile), cancellationToken).ConfigureAwait(false);
            book = ApplyOverrides(book, json, overrides);
        }

        return book;
    }

    private async Task<PriceBook> LoadFromProxyAsync(CancellationToken cancellationToken)
    {
        var client = _services.GetRequiredService<LiteLLMModelInfoClient>();
        var prices = await client.GetModelPricesAsync(cancellationToken).ConfigureAwait(false);
        var catalog = PriceBookSource.Classify(_options.Catalog);
        return catalog.Kind == PriceBookSourceKind.None
            ? prices.ToPriceBook()
            : prices.ApplyTo(await LoadCatalogAsync(catalog, nameof(PriceBookOptions.Catalog), cancellationToken).ConfigureAwait(false));
    }

    private async Task<PriceBook> LoadCatalogAsync(PriceBookSource source, string setting, CancellationToken cancellationToken)
    {
        if (source.Kind == PriceBookSourceKind.Url)
        {
            return await _services.GetRequiredService<PriceBookDownloader>().LoadAsync(source.Url!, cancellationToken).ConfigureAwait(false);
        }

        FileStream stream;
        try
        {
            stream = new FileStream(source.Value!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, useAsync: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw FileFailure(source.Display, setting, ex);
        }

        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await PriceBook.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            catch (PriceBookFormatException ex)
            {
                throw new PriceBookLoadException(
                    $"The price file {source.Display} ({PriceBookOptions.SectionName}:{setting}) is not a LiteLLM price file: {LogText.Safe(ex.Message)}",
                    PriceBookLoadFailureKind.Malformed,
                    source.Display,
                    statusCode: null,
                    ex);
            }
            catch (IOException ex)
            {
                throw FileFailure(source.Display, setting, ex);
            }
        }
    }

    private static async Task<string> ReadFileAsync(string path, string setting, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw FileFailure(LogText.Safe(path), setting, ex);
        }
    }

    private static PriceBook ApplyOverrides(PriceBook book, string json, string path)
    {
        try
        {
            return book.WithOverrides(json);
        }
        catch (PriceBookFormatException ex)
        {
            throw new PriceBookLoadException(
                $"The overrides file {LogText.Safe(path)} ({PriceBookOptions.SectionName}:{nameof(PriceBookOptions.OverridesFile)}) is malformed: {LogText.Safe(ex.Message)}",
                PriceBookLoadFailureKind.Malformed,
                LogText.Safe(path),
                statusCode: null,
                ex);
        }
    }

    private static PriceBookLoadException FileFailure(string display, string setting, Exception exception) => new(
        $"The file {display} ({PriceBookOptions.SectionName}:{setting}) could not be read: {LogText.Safe(exception.Message)}",
        PriceBookLoadFailureKind.File,
        display,
        statusCode: null,
        exception);

    /// <summary>The source as logs show it: the file or URL, or the proxy's model-info path and the catalog under it.</summary>
    private string DescribeSource()
    {
        var source = PriceBookSource.Classify(_options.Source);
        if (source.Kind != PriceBookSourceKind.LiteLLM)
        {
            return source.Display;
        }

        var catalog = PriceBookSource.Classify(_options.Catalog);
        var proxy = "the LiteLLM proxy's " + LogText.Safe(_options.ModelInfoPath);
        return catalog.Kind == PriceBookSourceKind.None ? proxy : proxy + " over " + catalog.Display;
    }
}
