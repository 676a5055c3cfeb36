using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using RichardSzalay.MockHttp;
using UsageAnalytics.Analytics;
using UsageAnalytics.Costs;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Sync;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.DependencyInjection;

public sealed class UsageAnalyticsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddUsageAnalytics_RootConfiguration_BindsEveryKey()
    {
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["UsageAnalytics:Enabled"] = "true",
            ["UsageAnalytics:LiteLLM:BaseUrl"] = "http://127.0.0.1:4000",
            ["UsageAnalytics:LiteLLM:ApiKey"] = "sk-1",
            ["UsageAnalytics:LiteLLM:SpendLogPath"] = "/spend/logs",
            ["UsageAnalytics:LiteLLM:TimeoutSeconds"] = "12",
            ["UsageAnalytics:LiteLLM:PageSize"] = "40",
            ["UsageAnalytics:LiteLLM:MaxResponseBytes"] = "2048",
            ["UsageAnalytics:LiteLLM:LookupMargin"] = "00:05:00",
            ["UsageAnalytics:LiteLLM:Resilience:Retry:MaxRetryAttempts"] = "2",
            ["UsageAnalytics:LiteLLM:Resilience:Retry:Delay"] = "00:00:01",
            ["UsageAnalytics:CostMerging:Currency"] = "EUR",
            ["UsageAnalytics:CostMerging:CompositeSource"] = "src",
            ["UsageAnalytics:CostMerging:CoverageLabel"] = "label",
            ["UsageAnalytics:Sync:MaxConcurrency"] = "3",
            ["UsageAnalytics:Sync:MinimumAge"] = "00:02:00",
        });
        var services = new ServiceCollection();

        var builder = services.AddUsageAnalytics(configuration);

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value;
        var resilience = provider.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get(builder.Resilience.PipelineName);
        Assert.Equal("http://127.0.0.1:4000", options.LiteLLM.BaseUrl);
        Assert.Equal("sk-1", options.LiteLLM.ApiKey);
        Assert.Equal("/spend/logs", options.LiteLLM.SpendLogPath);
        Assert.Equal(12, options.LiteLLM.TimeoutSeconds);
        Assert.Equal(40, options.LiteLLM.PageSize);
        Assert.Equal(2048, options.LiteLLM.MaxResponseBytes);
        Assert.Equal(TimeSpan.FromMinutes(5), options.LiteLLM.LookupMargin);
        Assert.Equal(2, resilience.Retry.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), resilience.Retry.Delay);
        Assert.Equal(TimeSpan.FromSeconds(12), resilience.TotalRequestTimeout.Timeout);
        Assert.Equal(3, options.Sync.MaxConcurrency);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Sync.MinimumAge);
        var merger = provider.GetRequiredService<CostBreakdownMerger>();
        Assert.Equal("EUR", merger.Options.Currency);
        Assert.Equal("src", merger.Options.CompositeSource);
        Assert.Equal("label", merger.Options.CoverageLabel);
    }

    [Fact]
    public void AddUsageAnalytics_CostMergingSection_BindsEveryKeyOfCoresCostMergeOptions()
    {
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["UsageAnalytics:LiteLLM:BaseUrl"] = "https://litellm.test",
            ["UsageAnalytics:LiteLLM:ApiKey"] = "sk-1",
            ["UsageAnalytics:CostMerging:CoverageLabel"] = "label",
            ["UsageAnalytics:CostMerging:EstimatedSttCostKey"] = "stt",
            ["UsageAnalytics:CostMerging:EstimatedTtsCostKey"] = "tts",
            ["UsageAnalytics:CostMerging:RequestIdPaths:0"] = "meta.id",
            ["UsageAnalytics:CostMerging:RequestIdPaths:1"] = "id",
        });
        var services = new ServiceCollection();

        services.AddUsageAnalytics(configuration);

        using var provider = services.BuildServiceProvider();
        var bound = provider.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value.CostMerging;
        Assert.Equal(
            new CostMergeOptions().Currency,
            bound.Currency);
        Assert.Equal(("label", "stt", "tts"), (bound.CoverageLabel, bound.EstimatedSttCostKey, bound.EstimatedTtsCostKey));
        Assert.Equal(["meta.id", "id"], bound.RequestIdPaths);
        Assert.Same(bound, provider.GetRequiredService<CostBreakdownMerger>().Options);
    }

    [Theory]
    [InlineData(null, null, 30, 10)]
    [InlineData("5", null, 5, 5)]
    [InlineData("12", "00:00:45", 45, 10)]
    public void AddUsageAnalytics_Resilience_TotalTimeoutDefaultsToTimeoutSecondsUnlessTheSectionSetsIt(
        string? timeoutSeconds, string? sectionTotal, int expectedTotalSeconds, int expectedAttemptSeconds)
    {
        var settings = SpendLogTestHost.DefaultSettings();
        settings["UsageAnalytics:LiteLLM:TimeoutSeconds"] = timeoutSeconds;
        settings["UsageAnalytics:LiteLLM:Resilience:TotalRequestTimeout:Timeout"] = sectionTotal;
        var services = new ServiceCollection();
        var builder = services.AddUsageAnalytics(Configuration(settings));

        using var provider = services.BuildServiceProvider();

        var resilience = provider.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get(builder.Resilience.PipelineName);
        Assert.Equal(TimeSpan.FromSeconds(expectedTotalSeconds), resilience.TotalRequestTimeout.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(expectedAttemptSeconds), resilience.AttemptTimeout.Timeout);
        Assert.Null(Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate()));
    }

    [Fact]
    public void AddUsageAnalytics_ResilienceConfiguredInCode_WinsOverTheSection()
    {
        var settings = SpendLogTestHost.DefaultSettings();
        settings["UsageAnalytics:LiteLLM:Resilience:Retry:MaxRetryAttempts"] = "2";
        var services = new ServiceCollection();
        var builder = services.AddUsageAnalytics(Configuration(settings));

        builder.Resilience.Configure(options => options.Retry.MaxRetryAttempts = 7);

        using var provider = services.BuildServiceProvider();
        var resilience = provider.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get(builder.Resilience.PipelineName);
        Assert.Equal(7, resilience.Retry.MaxRetryAttempts);
    }

    [Fact]
    public void AddUsageAnalytics_TypedClient_UsesMaxResponseBytesAsItsBufferLimitAndNoTimeoutOfItsOwn()
    {
        var settings = SpendLogTestHost.DefaultSettings();
        settings["UsageAnalytics:LiteLLM:MaxResponseBytes"] = "4096";
        var services = new ServiceCollection();
        services.AddUsageAnalytics(Configuration(settings));

        using var provider = services.BuildServiceProvider();

        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(UsageAnalyticsServiceCollectionExtensions.HttpClientName);
        Assert.Equal(4096, client.MaxResponseContentBufferSize);
        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);
    }

    [Fact]
    public void AddUsageAnalytics_PrimaryHandler_DoesNotFollowRedirects()
    {
        var services = new ServiceCollection();
        services.AddUsageAnalytics(Configuration(SpendLogTestHost.DefaultSettings()));

        using var provider = services.BuildServiceProvider();

        var handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(UsageAnalyticsServiceCollectionExtensions.HttpClientName);
        while (handler is DelegatingHandler { InnerHandler: { } inner })
        {
            handler = inner;
        }

        Assert.False(Assert.IsType<SocketsHttpHandler>(handler).AllowAutoRedirect);
    }

    [Fact]
    public void AddUsageAnalytics_SectionItself_BindsTheSame()
    {
        var configuration = Configuration(new Dictionary<string, string?>
        {
            ["UsageAnalytics:LiteLLM:BaseUrl"] = "https://litellm.test",
            ["UsageAnalytics:LiteLLM:ApiKey"] = "sk-1",
            ["UsageAnalytics:LiteLLM:PageSize"] = "7",
        });
        var services = new ServiceCollection();

        services.AddUsageAnalytics(configuration.GetSection("UsageAnalytics"));

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value;
        Assert.Equal("https://litellm.test", options.LiteLLM.BaseUrl);
        Assert.Equal(7, options.LiteLLM.PageSize);
    }

    [Fact]
    public void AddUsageAnalytics_NothingConfigured_HasDocumentedDefaults()
    {
        var options = new UsageAnalyticsOptions();

        var merger = UsageAnalyticsServiceCollectionExtensions.CreateMerger(options.CostMerging);

        Assert.True(options.Enabled);
        Assert.Equal("/spend/logs/v2", options.LiteLLM.SpendLogPath);
        Assert.Equal(30, options.LiteLLM.TimeoutSeconds);
        Assert.Equal(100, options.LiteLLM.PageSize);
        Assert.Equal(16L * 1024 * 1024, options.LiteLLM.MaxResponseBytes);
        Assert.Equal(TimeSpan.FromHours(1), options.LiteLLM.LookupMargin);
        Assert.Equal(8, options.Sync.MaxConcurrency);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Sync.MinimumAge);
        var defaults = new CostMergeOptions();
        Assert.Equal(defaults.Currency, merger.Options.Currency);
        Assert.Equal(defaults.CompositeSource, merger.Options.CompositeSource);
        Assert.Equal(defaults.CoverageLabel, merger.Options.CoverageLabel);
        Assert.Equal(defaults.RequestIdPaths, merger.Options.RequestIdPaths);
    }

    [Fact]
    public void AddUsageAnalytics_ActionOverload_ConfiguresOptions()
    {
        var services = new ServiceCollection();

        services.AddUsageAnalytics(o =>
        {
            o.LiteLLM.BaseUrl = "https://litellm.test";
            o.LiteLLM.ApiKey = "sk-1";
            o.Sync.MaxConcurrency = 2;
        });

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value;
        Assert.Equal(2, options.Sync.MaxConcurrency);
        Assert.Equal("sk-1", options.LiteLLM.ApiKey);
    }

    [Fact]
    public void AddUsageAnalytics_Registers_EveryService()
    {
        using var host = SpendLogTestHost.Create();

        var services = host.Services;

        Assert.IsType<LiteLLMSpendLogClient>(services.GetRequiredService<ISpendLogClient>());
        Assert.NotNull(services.GetRequiredService<LiteLLMSpendLogClient>());
        Assert.NotNull(services.GetRequiredService<CostBreakdownMerger>());
        Assert.NotNull(services.GetRequiredService<UsageSummaryAggregator>());
        Assert.NotNull(services.GetRequiredService<ActualCostSynchronizer>());
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddUsageAnalytics_HttpClient_LeavesTimeoutsToThePipeline()
    {
        using var host = SpendLogTestHost.Create();

        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(UsageAnalyticsServiceCollectionExtensions.HttpClientName);

        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);
    }

    [Fact]
    public void AddUsageAnalytics_ServicesRegisteredEarlier_AreKept()
    {
        var time = new FakeTimeProvider();
        var client = Substitute.For<ISpendLogClient>();
        var merger = new CostBreakdownMerger(new CostMergeOptions { Currency = "GBP" });

        using var host = SpendLogTestHost.Create(configureServices: s => s
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(client)
            .AddSingleton(merger));

        Assert.Same(time, host.Services.GetRequiredService<TimeProvider>());
        Assert.Same(client, host.Services.GetRequiredService<ISpendLogClient>());
        Assert.Same(merger, host.Services.GetRequiredService<CostBreakdownMerger>());
    }

    [Fact]
    public void AddUsageAnalytics_Aggregator_UsesTheRegisteredClockAndAccumulatorOptions()
    {
        var now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(now);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

        using var host = SpendLogTestHost.Create(configureServices: s => s
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(Options.Create(new UsageAccumulatorOptions { TimeZone = zone })));
        var summary = host.Services.GetRequiredService<UsageSummaryAggregator>().Aggregate([]);

        Assert.Equal(now, summary.AsOf);
        Assert.Equal(zone.Id, summary.TimeZone.Id);
    }

    [Fact]
    public async Task AddUsageAnalytics_CalledTwice_AddsOneResiliencePipeline()
    {
        using var http = new MockHttpMessageHandler();
        var request = http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(HttpStatusCode.InternalServerError);
        var configuration = Configuration(SpendLogTestHost.DefaultSettings());
        var services = new ServiceCollection();
        services.AddUsageAnalytics(configuration);
        services.AddUsageAnalytics(configuration).HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => http);
        using var provider = services.BuildServiceProvider();

        var row = await provider.GetRequiredService<ISpendLogClient>().FetchAsync("req-1", DateTimeOffset.UnixEpoch.AddYears(56));

        Assert.Null(row);
        Assert.Equal(4, http.GetMatchCount(request));
    }

    [Fact]
    public void AddUsageAnalytics_ReturnsBuilderOverTheSameServices()
    {
        var services = new ServiceCollection();

        var builder = services.AddUsageAnalytics(o => o.Enabled = false);

        Assert.Same(services, builder.Services);
        Assert.Equal("UsageAnalytics.LiteLLM", builder.HttpClientBuilder.Name);
    }

    [Fact]
    public void AddUsageAnalytics_NullArguments_Throw()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentNullException>(() => services.AddUsageAnalytics((IConfiguration)null!));
        Assert.Throws<ArgumentNullException>(() => services.AddUsageAnalytics((Action<UsageAnalyticsOptions>)null!));
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddUsageAnalytics(o => { }));
    }

    private static IConfigurationRoot Configuration(IDictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
