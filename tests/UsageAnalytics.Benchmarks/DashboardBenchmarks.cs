using BenchmarkDotNet.Attributes;
using UsageAnalytics.Records;

namespace UsageAnalytics.Benchmarks;

/// <summary>The same dashboard three ways, under BenchmarkDotNet (<c>dotnet run -c Release -- --filter *</c>).</summary>
[MemoryDiagnoser]
public class DashboardBenchmarks : IDisposable
{
    private UsageRecord[] _records = [];
    private DuckDbDashboard? _duckDb;

    /// <summary>Gets or sets the number of generated rows.</summary>
    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _records = DataGenerator.Generate(Rows);
        _duckDb = DuckDbDashboard.Load(_records);
    }

    [Benchmark(Baseline = true)]
    public object AccumulatorOneThread() => AccumulatorDashboard.Run(_records, 1, out _);

    [Benchmark]
    public object AccumulatorAllCores() => AccumulatorDashboard.Run(_records, -1, out _);

    [Benchmark]
    public object Linq() => LinqDashboard.Run(_records);

    [Benchmark]
    public object DuckDb() => _duckDb!.Run();

    [GlobalCleanup]
    public void Dispose()
    {
        _duckDb?.Dispose();
        _duckDb = null;
        GC.SuppressFinalize(this);
    }
}
