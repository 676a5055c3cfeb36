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

    /// <summary>The path, below the <c>UsageAnalytics</c> section, of the resilience settings: <c>LiteLLM:Resilience</c>.</summary>
    internal const string ResilienceSectionPath = "LiteLLM:Resilience";

    /// <summary>
    /// The circuit breaker's default failure ratio for the LiteLLM client: 0.5 (the standard handler's is 0.1). This
    /// client's faults are per request and retried (a 429 or 500 now and then, a body cut off), so a proxy failing 10% of
    /// attempts still answers nearly every lookup (a lookup fails only when all 4 tries do: 0.1^4); at 0.1 the breaker
    /// opened on such chance bursts and then failed every lookup for the break duration. Measured against the emulator,
    /// 10,000 lookups at concurrency 8 with 7% of requests faulty (429, 500, cut-off bodies; plus [null] bodies and
    /// malformed rows): at 0.1 one seed in five opened the circuit and failed 9,672 healthy lookups as CircuitOpen, and
    /// 10% faulty requests failed 9,683; at 0.5 no lookup failed as CircuitOpen (0 to 2 healthy lookups in 10,000 failed,
    /// each after 4 faulty tries), and a proxy that is down (every request 503) still opens it after about 100 requests.
    /// <c>UsageAnalytics:LiteLLM:Resilience:CircuitBreaker:FailureRatio</c> overrides it.
    /// </summary>
    internal const double DefaultCircuitBreakerFailureRatio = 0.5;

    /// <summary>
    /// Adds UsageAnalytics with options bound from configuration: the <see cref="LiteLLMSpendLogClient"/> (also as
    /// <see cref="ISpendLogClient"/>), <see cref="CostBreakdownMerger"/>, <see cref="UsageSummaryAggregator"/> (with the
    /// registered <see cref="TimeProvider"/> as its clock and <c>IOptions&lt;UsageAccumulatorOptions&gt;</c>, defaults unless
    /// the host registers its own), <see cref="ActualCostSynchronizer"/> and <see cref="TimeProvider.System"/> (unless
    /// one is registered already); the live <see cref="Monitoring.UsageMonitor"/> (singleton, options from
    /// <c>UsageAnalytics:Monitoring</c>, see <see cref="UsageMonitoringOptions"/>, with the host's <c>IMeterFactory</c>
    /// from <c>AddMetrics</c>); and, when <c>UsageAnalytics:Pricing:Source</c> is set, the price book
    /// (<see cref="UsageAnalyticsPricingExtensions.AddPriceBook(IUsageAnalyticsBuilder, IConfiguration)"/>).
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
    /// The section <c>UsageAnalytics:LiteLLM:Resilience</c> is bound to the client's
    /// <see cref="HttpStandardResilienceOptions"/> (for example <c>Retry:MaxRetryAttempts</c>, <c>Retry:Delay</c>,
    /// <c>TotalRequestTimeout:Timeout</c>, <c>AttemptTimeout:Timeout</c>, <c>CircuitBreaker:FailureRatio</c>); the total
    /// request timeout defaults to <c>UsageAnalytics:LiteLLM:TimeoutSeconds</c> (30 seconds) unless that section sets it,
    /// and it covers the response body as well as the headers. The circuit breaker opens at a failure ratio of 0.5 by
    /// default, not the standard 0.1: this client's faults are per request and retried, and at 0.1 chance bursts of them
    /// opened the circuit and failed healthy lookups; a proxy that is down still opens it. A success answer whose body is
    /// cut off or not a spend-log answer is retried like a 5xx and counted by the breaker as a failure. The retry
    /// strategy waits for a <c>Retry-After</c> up to <c>UsageAnalytics:LiteLLM:MaxRetryAfter</c> (30 seconds) and does not
    /// retry an answer asking for longer; redirects are never followed.
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
        UsageMonitoringRegistration.Bind(services, section);
        var builder = AddCore(services, section.GetSection(ResilienceSectionPath));
        if (UsageAnalyticsPricingExtensions.HasPricingSource(section))
        {
            builder.AddPriceBook(section);
        }

        return builder;
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
        return AddCore(services, resilienceSection: null);
    }

    private static UsageAnalyticsBuilder AddCore(IServiceCollection services, IConfigurationSection? resilienceSection)
    {
        services.AddOptionsWithValidateOnStart<UsageAnalyticsOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UsageAnalyticsOptions>, UsageAnalyticsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        UsageMonitoringRegistration.Add(services);
        services.TryAddSingleton(static sp => CreateMerger(sp.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value.CostMerging));
        services.TryAddSingleton(static sp => new UsageSummaryAggregator(sp.GetService<IOptions<UsageAccumulatorOptions>>()?.Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddTransient<ISpendLogClient>(static sp => sp.GetRequiredService<LiteLLMSpendLogClient>());

        // Transient, like the typed client it holds, so the factory's handler rotation keeps working.
        services.TryAddTransient(static sp => new ActualCostSynchronizer(
            sp.GetRequiredService<ISpendLogClient>(),
            sp.GetRequiredService<CostBreakdownMerger>(),
            sp.GetRequiredService<IOptions<UsageAnalyticsOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ActualCostSynchronizer>>()));

        if (services.FirstOrDefault(static d => d.ServiceType == typeof(UsageAnalyticsMarker))?.ImplementationInstance is UsageAnalyticsMarker marker)
        {
            var existing = services.AddHttpClient(HttpClientName);
            var pipeline = new ResiliencePipelineBuilder(marker.PipelineName, services);
            if (resilienceSection is not null && resilienceSection.Exists())
            {
                pipeline.Configure(resilienceSection);
            }

            return new UsageAnalyticsBuilder(services, existing, pipeline);
        }

        // The resilience pipeline owns every timeout; HttpClient's own would cut retries short. The body limit is the
        // client's own buffer limit: a larger body fails the call with HttpRequestError.ConfigurationLimitExceeded.
        var http = services.AddHttpClient<LiteLLMSpendLogClient>(HttpClientName, static (sp, client) =>
        {
            client.Timeout = Timeout.InfiniteTimeSpan;
            if (TryGetOptions(sp) is { } options)
            {
                client.MaxResponseContentBufferSize = options.LiteLLM.MaxResponseBytes;
            }
        });

        // The factory's default request logging puts raw header values (both key headers) in the structured
        // state of its Trace records, even when the rendered message is redacted: drop it, and redact all
        // headers in case a host adds it back. Our own Warning records cover every failure.
        http.RemoveAllLoggers();
        http.RedactLoggedHeaders(static _ => true);

        // A redirect is followed below every handler, with x-litellm-api-key still on the request: refuse redirects so
        // the key only ever goes to the BaseUrl's origin (a 3xx answer is then a Redirected failure naming the host).
        http.ConfigurePrimaryHttpMessageHandler(static (handler, _) =>
        {
            switch (handler)
            {
                case SocketsHttpHandler sockets:
                    sockets.AllowAutoRedirect = false;
                    break;
                case HttpClientHandler client:
                    client.AllowAutoRedirect = false;
                    break;
            }
        });

        // Outside the resilience handler, so the key headers are set once per call and every retry re-sends them.
        http.AddHttpMessageHandler(static sp => new LiteLLMApiKeyHandler(sp.GetRequiredService<IOptions<UsageAnalyticsOptions>>()));

        // Defaults first (the total timeout from LiteLLM:TimeoutSeconds), then the configuration section, then
        // whatever the host configures through IUsageAnalyticsBuilder.Resilience: each later step wins.
        var resilience = http.AddStandardResilienceHandler();
        resilience.Configure(static (options, sp) =>
        {
            ApplyTimeoutDefault(options, sp);
            options.CircuitBreaker.FailureRatio = DefaultCircuitBreakerFailureRatio;
            LiteLLMRetryAfter.Configure(
                options,
                TryGetOptions(sp)?.LiteLLM.MaxRetryAfter ?? new LiteLLMOptions().MaxRetryAfter,
                sp.GetRequiredService<TimeProvider>());
        });
        // The handler's Configure(section) refuses a section that does not exist: then the defaults stand.
        if (resilienceSection is not null && resilienceSection.Exists())
        {
            resilience.Configure(resilienceSection);
        }

        // Below the resilience handler, so its timeouts cover the body too: a body dribbled a byte at a time times out
        // like a server that never answers, instead of hanging after the headers.
        http.AddHttpMessageHandler(static sp => new LiteLLMResponseBufferHandler(sp.GetRequiredService<IOptions<UsageAnalyticsOptions>>()));

        services.AddSingleton(new UsageAnalyticsMarker(resilience.PipelineName));
        return new UsageAnalyticsBuilder(services, http, resilience);
    }

    internal static CostBreakdownMerger CreateMerger(CostMergeOptions options) => CostBreakdownMerger.FromOptions(options);

    /// <summary>
    /// Applies the <c>UsageAnalytics:CostMerging</c> section to Core's <see cref="CostMergeOptions"/>. Its properties are
    /// <c>init</c>-only, which the configuration-binding source generator does not set (its generated binder for the
    /// type only checks the keys), so each key is read here and applied with <c>with</c>; a missing key keeps the
    /// current value, and a <c>RequestIdPaths</c> or <c>CallIdPaths</c> array replaces the default paths instead of being
    /// appended to them (configuration cannot express an empty array: set <c>CallIdPaths</c> to none in code).
    /// </summary>
    internal static CostMergeOptions BindCostMerging(IConfigurationSection section, CostMergeOptions? current)
    {
        current ??= new CostMergeOptions();
        if (!section.Exists())
        {
            return current;
        }

        var paths = section.GetSection(nameof(CostMergeOptions.RequestIdPaths)).Get<string[]>();
        var callIdPaths = section.GetSection(nameof(CostMergeOptions.CallIdPaths)).Get<string[]>();
        return current with
        {
            Currency = section[nameof(CostMergeOptions.Currency)] ?? current.Currency,
            CompositeSource = section[nameof(CostMergeOptions.CompositeSource)] ?? current.CompositeSource,
            CoverageLabel = section[nameof(CostMergeOptions.CoverageLabel)] ?? current.CoverageLabel,
            CacheHitCoverageLabel = section[nameof(CostMergeOptions.CacheHitCoverageLabel)] ?? current.CacheHitCoverageLabel,
            EstimatedSttCostKey = section[nameof(CostMergeOptions.EstimatedSttCostKey)] ?? current.EstimatedSttCostKey,
            EstimatedTtsCostKey = section[nameof(CostMergeOptions.EstimatedTtsCostKey)] ?? current.EstimatedTtsCostKey,
            RequestIdPaths = paths is { Length: > 0 } ? paths : current.RequestIdPaths,
            CallIdPaths = callIdPaths is { Length: > 0 } ? callIdPaths : current.CallIdPaths,
        };
    }

    /// <summary>
    /// Makes <c>UsageAnalytics:LiteLLM:TimeoutSeconds</c> the default total request timeout, and keeps the attempt
    /// timeout (default 10 seconds) within it so a short total stays valid. The resilience section, bound after this,
    /// overrides both.
    /// </summary>
    private static void ApplyTimeoutDefault(HttpStandardResilienceOptions resilience, IServiceProvider services)
    {
        if (TryGetOptions(services) is not { } options)
        {
            return;
        }

        var total = TimeSpan.FromSeconds(options.LiteLLM.TimeoutSeconds);
        resilience.TotalRequestTimeout.Timeout = total;
        if (resilience.AttemptTimeout.Timeout > total)
        {
            resilience.AttemptTimeout.Timeout = total;
        }
    }

    /// <summary>
    /// The options, or <see langword="null"/> when they are invalid: our own validator already reports the bad setting
    /// by its key, and failing here too would only bury that message. Nothing is sent with invalid options.
    /// </summary>
    private static UsageAnalyticsOptions? TryGetOptions(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    /// <summary>The resilience pipeline of an HTTP client added by an earlier call, for hosts that configure it again.</summary>
    private sealed record ResiliencePipelineBuilder(string PipelineName, IServiceCollection Services) : IHttpStandardResiliencePipelineBuilder;

    /// <summary>
    /// Marks a collection UsageAnalytics was added to, so the HTTP client and its pipeline are added once, and
    /// remembers the pipeline's options name.
    /// </summary>
    private sealed record UsageAnalyticsMarker(string PipelineName);
}
