using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using UsageAnalytics.Analytics;
using UsageAnalytics.Costs;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Sync;

namespace UsageAnalytics.DependencyInjection;

/// <summary>Registers UsageAnalytics in a service collection.</summary>
public static class UsageAnalyticsServiceCollectionExtensions
{
    /// <summary>The name of the HTTP client used by <see cref="LiteLLMSpendLogClient"/>: <c>UsageAnalytics.LiteLLM</c>.</summary>
    internal const string HttpClientName = "UsageAnalytics.LiteLLM";

    /// <summary>
    /// Adds UsageAnalytics with options bound from configuration: the <see cref="LiteLLMSpendLogClient"/> (also as
    /// <see cref="ISpendLogClient"/>), <see cref="CostBreakdownMerger"/>, <see cref="UsageSummaryAggregator"/>,
    /// <see cref="ActualCostSynchronizer"/> and <see cref="TimeProvider.System"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">
    /// The application's root configuration (its <c>UsageAnalytics</c> section is bound), or that section itself.
    /// </param>
    /// <returns>A builder to add handlers to the LiteLLM HTTP client.</returns>
    /// <remarks>
    /// Options are validated when the host starts (and on first use): with <c>UsageAnalytics:Enabled</c> true (the
    /// default), <c>UsageAnalytics:LiteLLM:BaseUrl</c> must be an absolute http(s) URL and
    /// <c>UsageAnalytics:LiteLLM:ApiKey</c> must be set; a failure names the key to fix. Services are added with
    /// <c>TryAdd</c>, so ones registered earlier win, and calling this more than once adds the HTTP client only once.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IUsageAnalyticsBuilder AddUsageAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration is IConfigurationSection { Key: var key }
            && string.Equals(key, UsageAnalyticsOptions.SectionName, StringComparison.OrdinalIgnoreCase)
            ? configuration
            : configuration.GetSection(UsageAnalyticsOptions.SectionName);
        var costMerging = section.GetSection(nameof(UsageAnalyticsOptions.CostMerging));
        services.AddOptions<UsageAnalyticsOptions>()
            .Bind(section)
            .Configure(options => options.CostMerging = BindCostMerging(costMerging, options.CostMerging));
        return AddCore(services);
    }

    /// <summary>
    /// Adds UsageAnalytics with options set in code; see
    /// <see cref="AddUsageAnalytics(IServiceCollection, IConfiguration)"/> for what is registered and validated.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to add handlers to the LiteLLM HTTP client.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IUsageAnalyticsBuilder AddUsageAnalytics(this IServiceCollection services, Action<UsageAnalyticsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<UsageAnalyticsOptions>().Configure(configure);
        return AddCore(services);
    }

    private static UsageAnalyticsBuilder AddCore(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<UsageAnalyticsOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UsageAnalyticsOptions>, UsageAnalyticsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => CreateMerger(sp.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value.CostMerging));
        services.TryAddSingleton(static _ => new UsageSummaryAggregator());
        services.TryAddTransient<ISpendLogClient>(static sp => sp.GetRequiredService<LiteLLMSpendLogClient>());

        // Transient, like the typed client it holds, so the factory's handler rotation keeps working.
        services.TryAddTransient(static sp => new ActualCostSynchronizer(
            sp.GetRequiredService<ISpendLogClient>(),
            sp.GetRequiredService<CostBreakdownMerger>(),
            sp.GetRequiredService<IOptions<UsageAnalyticsOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ActualCostSynchronizer>>()));

        IHttpClientBuilder http;
        if (services.Any(static d => d.ServiceType == typeof(UsageAnalyticsMarker)))
        {
            http = services.AddHttpClient(HttpClientName);
        }
        else
        {
            services.AddSingleton<UsageAnalyticsMarker>();

            // The resilience pipeline owns every timeout; HttpClient's own would cut retries short.
            http = services.AddHttpClient<LiteLLMSpendLogClient>(HttpClientName, static client => client.Timeout = Timeout.InfiniteTimeSpan);

            // The factory's default request logging puts raw header values (both key headers) in the structured
            // state of its Trace records, even when the rendered message is redacted: drop it, and redact all
            // headers in case a host adds it back. Our own Warning records cover every failure.
            http.RemoveAllLoggers();
            http.RedactLoggedHeaders(static _ => true);
            http.AddStandardResilienceHandler().Configure(static (resilience, sp) => ConfigureResilience(resilience, sp));
        }

        return new UsageAnalyticsBuilder(services, http);
    }

    internal static CostBreakdownMerger CreateMerger(CostMergeOptions options) => CostBreakdownMerger.FromOptions(options);

    /// <summary>
    /// Applies the <c>UsageAnalytics:CostMerging</c> section to Core's <see cref="CostMergeOptions"/>. Its properties are
    /// <c>init</c>-only, which the configuration-binding source generator does not set (its generated binder for the
    /// type only checks the keys), so each key is read here and applied with <c>with</c>; a missing key keeps the
    /// current value, and a <c>RequestIdPaths</c> array replaces the default paths instead of being appended to them.
    /// </summary>
    internal static CostMergeOptions BindCostMerging(IConfigurationSection section, CostMergeOptions? current)
    {
        current ??= new CostMergeOptions();
        if (!section.Exists())
        {
            return current;
        }

        var paths = section.GetSection(nameof(CostMergeOptions.RequestIdPaths)).Get<string[]>();
        return current with
        {
            Currency = section[nameof(CostMergeOptions.Currency)] ?? current.Currency,
            CompositeSource = section[nameof(CostMergeOptions.CompositeSource)] ?? current.CompositeSource,
            CoverageLabel = section[nameof(CostMergeOptions.CoverageLabel)] ?? current.CoverageLabel,
            EstimatedSttCostKey = section[nameof(CostMergeOptions.EstimatedSttCostKey)] ?? current.EstimatedSttCostKey,
            EstimatedTtsCostKey = section[nameof(CostMergeOptions.EstimatedTtsCostKey)] ?? current.EstimatedTtsCostKey,
            RequestIdPaths = paths is { Length: > 0 } ? paths : current.RequestIdPaths,
        };
    }

    private static void ConfigureResilience(HttpStandardResilienceOptions resilience, IServiceProvider services)
    {
        LiteLLMOptions options;
        try
        {
            options = services.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value.LiteLLM;
        }
        catch (OptionsValidationException)
        {
            // Our own validator already reports the bad setting by its key; failing here too would only bury that
            // message in an AggregateException. The pipeline keeps its defaults and is never used with bad options.
            return;
        }

        var total = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var attempt = TimeSpan.FromSeconds(Math.Min(10, options.TimeoutSeconds));
        resilience.TotalRequestTimeout.Timeout = total;
        resilience.AttemptTimeout.Timeout = attempt;
        var sampling = attempt * 2;
        if (resilience.CircuitBreaker.SamplingDuration < sampling)
        {
            resilience.CircuitBreaker.SamplingDuration = sampling;
        }

        resilience.Retry.Delay = options.RetryDelay;
        if (options.MaxRetryAttempts == 0)
        {
            resilience.Retry.ShouldHandle = static _ => PredicateResult.False();
        }
        else
        {
            resilience.Retry.MaxRetryAttempts = options.MaxRetryAttempts;
        }
    }

    /// <summary>Marks a collection UsageAnalytics was added to, so the HTTP client and its pipeline are added once.</summary>
    private sealed class UsageAnalyticsMarker;
}
