using System.Globalization;
using UsageAnalytics.Pricing;

namespace UsageAnalytics.Sample;

/// <summary>
/// The price book the sample estimates with, and where it came from: <c>--price-book FILE</c> when given, else LiteLLM's
/// price file in the team's shared data beside the repository (never copied into it), else the sample's own small demo
/// list (<c>demo-prices.json</c>, embedded in the sample: LiteLLM's entries for the models the generator and the example
/// file use).
/// </summary>
internal sealed record SamplePrices(PriceBook Book, string Source)
{
    /// <summary>The shared catalog's path under the directory that holds the repository.</summary>
    public static readonly string SharedCatalog = Path.Combine("shared", "data", "litellm", "model_prices_2026-07-24.json");

    private const string DemoResource = "UsageAnalytics.Sample.demo-prices.json";

    /// <summary>Picks and loads the price book.</summary>
    /// <param name="priceBookFile">The <c>--price-book</c> file, or <see langword="null"/>.</param>
    /// <param name="sharedCatalog">The shared catalog's path when it exists (<see cref="FindSharedCatalog"/>), or <see langword="null"/>.</param>
    /// <exception cref="SamplePriceBookException">The file cannot be read or is not a price file (the message names it, and for a
    /// malformed file the model and field, from <see cref="PriceBookFormatException"/>).</exception>
    public static SamplePrices Load(string? priceBookFile, string? sharedCatalog)
    {
        if (priceBookFile is not null)
        {
            var book = LoadFile(priceBookFile);
            return new SamplePrices(book, Text($"--price-book {priceBookFile} ({Models(book)})"));
        }

        if (sharedCatalog is not null)
        {
            var book = LoadFile(sharedCatalog);
            return new SamplePrices(book, Text($"LiteLLM's price file {Path.GetFileName(sharedCatalog)} ({Models(book)}, the shared data beside the repository)"));
        }

        using var stream = typeof(SamplePrices).Assembly.GetManifestResourceStream(DemoResource)
            ?? throw new InvalidOperationException("The sample's demo price list is not embedded.");
        var demo = PriceBook.Load(stream);
        return new SamplePrices(demo, Text($"the sample's demo price list ({Models(demo)}; ../{SharedCatalog.Replace('\\', '/')} not found)"));
    }

    /// <summary>
    /// The shared catalog, found as the tests find the shared data: <c>../shared/data/litellm/</c> beside the directory
    /// that holds <c>UsageAnalytics.sln</c>, searched upwards from the app's directory and then from the current one.
    /// </summary>
    /// <returns>Its full path, or <see langword="null"/> when it is not there.</returns>
    public static string? FindSharedCatalog()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "UsageAnalytics.sln")))
                {
                    var candidate = dir.Parent is { } parent ? Path.Combine(parent.FullName, SharedCatalog) : null;
                    if (candidate is not null && File.Exists(candidate))
                    {
                        return candidate;
                    }

                    break;
                }
            }
        }

        return null;
    }

    private static PriceBook LoadFile(string path)
    {
        try
        {
            return PriceBook.LoadFile(path);
        }
        catch (PriceBookFormatException ex)
        {
            throw new SamplePriceBookException($"price book '{path}' is not a LiteLLM price file: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SamplePriceBookException($"cannot read price book '{path}': {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }

    private static string Models(PriceBook book) => Text($"{book.Count:N0} {(book.Count == 1 ? "model" : "models")}");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
