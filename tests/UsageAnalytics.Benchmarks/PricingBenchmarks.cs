using BenchmarkDotNet.Attributes;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Benchmarks;

/// <summary>
/// The price book under BenchmarkDotNet (<c>dotnet run -c Release -- --filter *Pricing*</c>): loading LiteLLM's full
/// price file (skipped when the shared data is absent), and pricing the realistic mix of <see cref="PricingData"/>
/// on one thread.
/// </summary>
[MemoryDiagnoser]
public class PricingBenchmarks
{
    private string? _catalog;
    private PriceBook _book = PriceBook.Create([]);
    private UsageRecord[] _records = [];

    /// <summary>Gets or sets the number of rows priced per operation.</summary>
    [Params(100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _catalog = PricingData.FindCatalog();
        _book = PricingData.Book().Book;
        _records = PricingData.Rows(Rows);
    }

    /// <summary>Loads the full catalog (returns null, doing nothing, when it is absent).</summary>
    [Benchmark]
    public PriceBook? LoadCatalog() => _catalog is null ? null : PriceBook.LoadFile(_catalog);

    /// <summary>Prices every row of the mix.</summary>
    [Benchmark]
    public decimal EstimateMix()
    {
        decimal total = 0;
        foreach (var record in _records)
        {
            total += _book.Estimate(record).Cost;
        }

        return total;
    }
}
