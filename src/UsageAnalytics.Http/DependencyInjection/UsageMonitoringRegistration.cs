using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using UsageAnalytics.Monitoring;

namespace UsageAnalytics.DependencyInjection;

/// <summary>The monitor's part of <c>AddUsageAnalytics</c>: options, their validation on start, and the monitor.</summary>
internal static class UsageMonitoringRegistration
{
    /// <summary>The path of the monitor's section below <c>UsageAnalytics</c>: <c>Monitoring</c>.</summary>
    internal const string SectionKey = "Monitoring";

    /// <summary>Binds <c>UsageAnalytics:Monitoring</c> (given the <c>UsageAnalytics</c> section).</summary>
    public static void Bind(IServiceCollection services, IConfiguration usageAnalyticsSection) =>
        services.AddOptions<UsageMonitoringOptions>().Bind(usageAnalyticsSection.GetSection(SectionKey));

    /// <summary>
    /// Registers the options' validation on start, the metrics infrastructure (<see cref="IMeterFactory"/>) and the
    /// <see cref="UsageMonitor"/> singleton (unless one is registered already), built on the registered
    /// <see cref="TimeProvider"/>. Safe to call more than once.
    /// </summary>
    public static void Add(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<UsageMonitoringOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UsageMonitoringOptions>, UsageMonitoringOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new UsageMonitor(
            UsageMonitoringOptionsMapper.MapOrThrow(sp.GetRequiredService<IOptions<UsageMonitoringOptions>>().Value),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
    }
}
