using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UsageAnalytics.Monitoring;

namespace UsageAnalytics.Sample;

/// <summary>The <c>--live</c> run: no proxy and no sync, only the monitor registered by <c>AddUsageAnalytics</c>.</summary>
internal static partial class SampleApp
{
    private static async Task<int> RunLiveAsync(
        SampleOptions options,
        IConfiguration environment,
        TextWriter output,
        TimeProvider timeProvider,
        Func<string?> findSharedCatalog,
        CancellationToken cancellationToken)
    {
        var prices = SamplePrices.Load(priceBookFile: null, findSharedCatalog());

        // The LiteLLM client is not used live: turned off, so no proxy settings are needed.
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(environment)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["UsageAnalytics:Enabled"] = "false" })
            .Build();
        await using var services = BuildServices(configuration, timeProvider, options.Verbose);
        var monitor = services.GetRequiredService<UsageMonitor>();
        output.WriteLine("UsageAnalytics sample (live monitor)");

        // Redraw in place only on a real terminal; redirected output (a file, a pipe, a test) gets plain lines.
        var redraw = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        return await LiveMonitor.RunAsync(options, monitor, prices, output, redraw, timeProvider, cancellationToken);
    }
}
