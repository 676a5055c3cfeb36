using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UsageAnalytics.Costs;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.DependencyInjection;

/// <summary><c>UsageAnalytics:CostMerging:CacheHitCoverageLabel</c> and <c>:CallIdPaths</c>: bound like the other keys, validated by key.</summary>
public sealed class CostMergingCacheHitAndCallIdBindingTests
{
    [Fact]
    public void AddUsageAnalytics_CacheHitLabelAndCallIdPaths_AreBoundAndReachTheMerger()
    {
        var settings = SpendLogTestHost.DefaultSettings();
        settings["UsageAnalytics:CostMerging:CacheHitCoverageLabel"] = "hit_zero";
        settings["UsageAnalytics:CostMerging:CallIdPaths:0"] = "meta.call";
        settings["UsageAnalytics:CostMerging:CallIdPaths:1"] = "call";
        using var provider = Build(settings);

        var bound = provider.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value.CostMerging;

        Assert.Equal("hit_zero", bound.CacheHitCoverageLabel);
        Assert.Equal(["meta.call", "call"], bound.CallIdPaths);
        var merger = provider.GetRequiredService<CostBreakdownMerger>();
        Assert.Same(bound, merger.Options);
        Assert.Equal("call-7", merger.ExtractRequestId(new() { ["meta"] = new System.Text.Json.Nodes.JsonObject { ["call"] = "call-7" } }));
    }

    [Fact]
    public void AddUsageAnalytics_OtherCostMergingKeysOnly_KeepsTheCacheHitLabelAndCallIdPathDefaults()
    {
        var settings = SpendLogTestHost.DefaultSettings();
        settings["UsageAnalytics:CostMerging:CoverageLabel"] = "label";
        using var provider = Build(settings);

        var bound = provider.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value.CostMerging;

        Assert.Equal("label", bound.CoverageLabel);
        Assert.Equal(CostMergeOptions.DefaultCacheHitCoverageLabel, bound.CacheHitCoverageLabel);
        Assert.Equal(["litellm_call_id", "relay_meta.litellm_call_id"], bound.CallIdPaths);
    }

    [Fact]
    public void BindCostMerging_CurrentOptionsSetInCode_AreKeptForKeysTheSectionDoesNotSet()
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CostMerging:CacheHitCoverageLabel"] = "from_config" })
            .Build()
            .GetSection("CostMerging");
        var current = new CostMergeOptions { CallIdPaths = [] };

        var bound = UsageAnalyticsServiceCollectionExtensions.BindCostMerging(section, current);

        Assert.Equal("from_config", bound.CacheHitCoverageLabel);
        Assert.Empty(bound.CallIdPaths);
    }

    [Theory]
    [InlineData("UsageAnalytics:CostMerging:CacheHitCoverageLabel", "", "UsageAnalytics:CostMerging:CacheHitCoverageLabel must not be empty")]
    [InlineData("UsageAnalytics:CostMerging:CacheHitCoverageLabel", "  ", "UsageAnalytics:CostMerging:CacheHitCoverageLabel must not be empty")]
    [InlineData("UsageAnalytics:CostMerging:CallIdPaths:0", " ", "UsageAnalytics:CostMerging:CallIdPaths must not hold a blank path or an empty segment")]
    [InlineData("UsageAnalytics:CostMerging:CallIdPaths:0", "relay_meta..litellm_call_id", "UsageAnalytics:CostMerging:CallIdPaths must not hold a blank path or an empty segment")]
    [InlineData("UsageAnalytics:CostMerging:CallIdPaths:0", ".litellm_call_id", "UsageAnalytics:CostMerging:CallIdPaths must not hold a blank path or an empty segment")]
    public void ValidateOnStart_InvalidCacheHitOrCallIdSetting_FailsNamingTheKey(string key, string value, string expectedMessage)
    {
        var settings = SpendLogTestHost.DefaultSettings();
        settings[key] = value;
        using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SpendLogTestHost.ApiKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateOnStart_NoCallIdPathsSetInCode_Passes()
    {
        var services = new ServiceCollection();
        services.AddUsageAnalytics(options =>
        {
            options.LiteLLM.BaseUrl = "https://litellm.test";
            options.LiteLLM.ApiKey = "sk-1";
            options.CostMerging = options.CostMerging with { CallIdPaths = [] };
        });
        using var provider = services.BuildServiceProvider();

        var error = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Null(error);
        Assert.Null(provider.GetRequiredService<CostBreakdownMerger>().ExtractRequestId(new() { ["litellm_call_id"] = "call-1" }));
    }

    private static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddUsageAnalytics(configuration);
        return services.BuildServiceProvider();
    }
}
