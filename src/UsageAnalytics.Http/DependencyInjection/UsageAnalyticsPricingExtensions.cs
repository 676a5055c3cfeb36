using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using UsageAnalytics.Pricing;

namespace UsageAnalytics.DependencyInjection;

/// <summary>Registers a price book (<see cref="IPriceBookProvider"/>) on a UsageAnalytics registration.</summary>
public static class UsageAnalyticsPricingExtensions
{
    /// <summary>The path, below the <c>UsageAnalytics:Pricing</c> section, of the price-file client's resilience settings: <c>Resilience</c>.</summary>
    internal const string ResilienceSectionPath = "Resilience";

    private const string PricingSectionKey = "Pricing";

    /// <summary>
    /// Adds the price book with options bound from configuration: <see cref="IPriceBookProvider"/> (singleton),
    /// <see cref="PriceBookDownloader"/> and <see cref="LiteLLMModelInfoClient"/> (transient, like typed clients).
    /// <c>AddUsageAnalytics(configuration)</c> calls this itself when <c>UsageAnalytics:Pricing:Source</c> is set.
    /// </summary>
    /// <param name="builder">The UsageAnalytics registration.</param>
    /// <param name="configuration">
    /// The <c>UsageAnalytics:Pricing</c> section, the <c>UsageAnalytics</c> section, or the application's root configuration.
    /// </param>
    /// <returns>The builder of the price-file HTTP client (<see cref="PriceBookDownloader.HttpClientName"/>), to add handlers.</returns>
    /// <remarks>
    /// <para>
    /// Keys (below <c>UsageAnalytics:Pricing</c>): <c>Source</c> (required: a file path, an http(s) URL, or
    /// <c>litellm</c>), <c>RefreshInterval</c> (default 1.00:00:00), <c>OverridesFile</c>, <c>Catalog</c> (with
    /// <c>litellm</c> only), <c>TimeoutSeconds</c> (60), <c>MaxResponseBytes</c> (33554432), <c>ModelInfoPath</c>
    /// (/model/info), and <c>Resilience</c>, bound to the price-file client's <see cref="HttpStandardResilienceOptions"/>
    /// (its total request timeout defaults to <c>TimeoutSeconds</c>). They are validated when the host starts, each
    /// failure naming its key; <c>Source</c> <c>litellm</c> also needs <c>UsageAnalytics:Enabled</c>.
    /// </para>
    /// <para>
    /// The price-file client sends no credential (the LiteLLM key goes only to the proxy, through the LiteLLM client) and
    /// follows redirects; its request logging is removed, since a price file's URL may carry a token in its query.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddPriceBook(this IUsageAnalyticsBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration switch
        {
            IConfigurationSection { Key: var key } when string.Equals(key, PricingSectionKey, StringComparison.OrdinalIgnoreCase) => configuration,
            IConfigurationSection { Key: var key } when string.Equals(key, UsageAnalyticsOptions.SectionName, StringComparison.OrdinalIgnoreCase) => configuration.GetSection(PricingSectionKey),
            _ => configuration.GetSection(PriceBookOptions.SectionName),
        };
        builder.Services.AddOptions<PriceBookOptions>().Bind(section);
        return AddCore(builder.Services, section.GetSection(ResilienceSectionPath));
    }

    /// <summary>
    /// Adds the price book with options set in code; see <see cref="AddPriceBook(IUsageAnalyticsBuilder, IConfiguration)"/>
    /// for what is registered and validated.
    /// </summary>
    /// <param name="builder">The UsageAnalytics registration.</param>
    /// <param name="configure">Sets the options (at least <see cref="PriceBookOptions.Source"/>).</param>
    /// <returns>The builder of the price-file HTTP client (<see cref="PriceBookDownloader.HttpClientName"/>), to add handlers.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddPriceBook(this IUsageAnalyticsBuilder builder, Action<PriceBookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<PriceBookOptions>().Configure(configure);
        return AddCore(builder.Services, resilienceSection: null);
    }

    /// <summary>Whether <c>AddUsageAnalytics(configuration)</c> should add the price book: its <c>Source</c> is set (not empty).</summary>
    internal static bool HasPricingSource(IConfiguration usageAnalyticsSection) =>
        !string.IsNullOrEmpty(usageAnalyticsSection.GetSection(PricingSectionKey)[nameof(PriceBookOptions.Source)]);

    private static IHttpClientBuilder AddCore(IServiceCollection services, IConfigurationSection? resilienceSection)
    {
        if (services.FirstOrDefault(static d => d.ServiceType == typeof(PricingMarker))?.ImplementationInstance is PricingMarker marker)
        {
            var existing = services.AddHttpClient(PriceBookDownloader.HttpClientName);
            if (resilienceSection is not null && resilienceSection.Exists())
            {
                services.Configure<HttpStandardResilienceOptions>(marker.PipelineName, resilienceSection);
            }

            return existing;
        }

        services.AddOptionsWithValidateOnStart<PriceBookOptions>()
            .Validate<IOptions<UsageAnalyticsOptions>>(
                static (pricing, usageAnalytics) => !UsesProxyWhileDisabled(pricing, usageAnalytics),
                $"{PriceBookOptions.SectionName}:Source is '{PriceBookOptions.LiteLLMSource}' (the proxy's model info), which needs UsageAnalytics:Enabled to be true.");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PriceBookOptions>, PriceBookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPriceBookProvider>(static sp => new PriceBookProvider(
            sp.GetRequiredService<IOptions<PriceBookOptions>>(),
            sp,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<PriceBookProvider>>()));
        services.TryAddTransient(static sp => new PriceBookDownloader(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(PriceBookDownloader.HttpClientName),
            sp.GetRequiredService<IOptions<PriceBookOptions>>(),
            sp.GetRequiredService<TimeProvider>()));

        // The LiteLLM client's named HttpClient (key handler, resilience, body cap); not a second typed client on that
        // name, which the factory refuses.
        services.TryAddTransient(static sp => new LiteLLMModelInfoClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(UsageAnalyticsServiceCollectionExtensions.HttpClientName),
            sp.GetRequiredService<IOptions<UsageAnalyticsOptions>>(),
            sp.GetRequiredService<IOptions<PriceBookOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LiteLLMModelInfoClient>>()));

        // The resilience pipeline owns every timeout; the downloader adds its own deadline over headers and body.
        var http = services.AddHttpClient(PriceBookDownloader.HttpClientName, static client => client.Timeout = Timeout.InfiniteTimeSpan);

        // The factory's request logging writes the full URL, query included (a private price file's token).
        http.RemoveAllLoggers();
        var resilience = http.AddStandardResilienceHandler();
        resilience.Configure(static (options, sp) =>
        {
            if (TryGetOptions(sp) is { } pricing)
            {
                var total = TimeSpan.FromSeconds(pricing.TimeoutSeconds);
                options.TotalRequestTimeout.Timeout = total;
                if (options.AttemptTimeout.Timeout > total)
                {
                    options.AttemptTimeout.Timeout = total;
                }
            }
        });
        if (resilienceSection is not null && resilienceSection.Exists())
        {
            resilience.Configure(resilienceSection);
        }

        services.AddSingleton(new PricingMarker(resilience.PipelineName));
        return http;
    }

    private static bool UsesProxyWhileDisabled(PriceBookOptions pricing, IOptions<UsageAnalyticsOptions> usageAnalytics)
    {
        if (PriceBookSource.Classify(pricing.Source).Kind != PriceBookSourceKind.LiteLLM)
        {
            return false;
        }

        try
        {
            return !usageAnalytics.Value.Enabled;
        }
        catch (OptionsValidationException)
        {
            // The UsageAnalytics options report their own bad setting by its key.
            return false;
        }
    }

    /// <summary>The pricing options, or <see langword="null"/> when invalid (their validator reports the bad setting).</summary>
    private static PriceBookOptions? TryGetOptions(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<IOptions<PriceBookOptions>>().Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Marks a collection the price book was added to, so its HTTP client and services are added once, and remembers the
    /// options name of the price-file client's resilience pipeline.
    /// </summary>
    private sealed record PricingMarker(string PipelineName);
}
