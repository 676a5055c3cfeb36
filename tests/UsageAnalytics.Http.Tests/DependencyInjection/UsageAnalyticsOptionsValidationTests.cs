using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.DependencyInjection;

public sealed class UsageAnalyticsOptionsValidationTests
{
    [Theory]
    [InlineData("UsageAnalytics:LiteLLM:BaseUrl", null, "UsageAnalytics:LiteLLM:BaseUrl must be an absolute http(s) URL")]
    [InlineData("UsageAnalytics:LiteLLM:BaseUrl", "litellm.test/api", "UsageAnalytics:LiteLLM:BaseUrl must be an absolute http(s) URL")]
    [InlineData("UsageAnalytics:LiteLLM:BaseUrl", "/relative", "UsageAnalytics:LiteLLM:BaseUrl must be an absolute http(s) URL")]
    [InlineData("UsageAnalytics:LiteLLM:BaseUrl", "ftp://litellm.test", "UsageAnalytics:LiteLLM:BaseUrl must be an absolute http(s) URL")]
    [InlineData("UsageAnalytics:LiteLLM:ApiKey", null, "UsageAnalytics:LiteLLM:ApiKey must not be empty")]
    [InlineData("UsageAnalytics:LiteLLM:ApiKey", "   ", "UsageAnalytics:LiteLLM:ApiKey must not be empty")]
    [InlineData("UsageAnalytics:LiteLLM:SpendLogPath", "spend/logs/v2", "UsageAnalytics:LiteLLM:SpendLogPath must be a path that starts with '/'")]
    [InlineData("UsageAnalytics:LiteLLM:TimeoutSeconds", "0", "UsageAnalyticsOptions.LiteLLM.TimeoutSeconds must be between 1 and 3600.")]
    [InlineData("UsageAnalytics:LiteLLM:PageSize", "1001", "UsageAnalyticsOptions.LiteLLM.PageSize must be between 1 and 1000.")]
    [InlineData("UsageAnalytics:LiteLLM:MaxResponseBytes", "100", "UsageAnalyticsOptions.LiteLLM.MaxResponseBytes must be between 1024 and 1073741824.")]
    [InlineData("UsageAnalytics:LiteLLM:LookupMargin", "00:00:00", "UsageAnalyticsOptions.LiteLLM.LookupMargin must be between 00:00:01 and 7.00:00:00.")]
    [InlineData("UsageAnalytics:LiteLLM:MaxRetryAfter", "02:00:00", "UsageAnalyticsOptions.LiteLLM.MaxRetryAfter must be between 00:00:00 and 01:00:00.")]
    [InlineData("UsageAnalytics:LiteLLM:MaxRetryAfter", "-00:00:01", "UsageAnalyticsOptions.LiteLLM.MaxRetryAfter must be between 00:00:00 and 01:00:00.")]
    [InlineData("UsageAnalytics:LiteLLM:Resilience:Retry:MaxRetryAttempts", "0", "MaxRetryAttempts")]
    [InlineData("UsageAnalytics:LiteLLM:Resilience:AttemptTimeout:Timeout", "00:01:00", "Total request timeout resilience strategy must have a greater timeout than the attempt")]
    [InlineData("UsageAnalytics:CostMerging:Currency", " ", "UsageAnalytics:CostMerging:Currency must not be empty")]
    [InlineData("UsageAnalytics:CostMerging:CoverageLabel", "", "UsageAnalytics:CostMerging:CoverageLabel must not be empty")]
    [InlineData("UsageAnalytics:CostMerging:EstimatedTtsCostKey", " ", "UsageAnalytics:CostMerging:EstimatedTtsCostKey must not be empty")]
    [InlineData("UsageAnalytics:CostMerging:RequestIdPaths:0", " ", "UsageAnalytics:CostMerging:RequestIdPaths must hold at least one path and no blank one")]
    [InlineData("UsageAnalytics:Sync:MaxConcurrency", "0", "UsageAnalyticsOptions.Sync.MaxConcurrency must be between 1 and 256.")]
    [InlineData("UsageAnalytics:Sync:MinimumAge", "-00:00:01", "UsageAnalyticsOptions.Sync.MinimumAge must be between 00:00:00 and 1.00:00:00.")]
    public void ValidateOnStart_InvalidSetting_FailsNamingTheKey(string key, string? value, string expectedMessage)
    {
        var settings = SpendLogTestHost.DefaultSettings();
        settings[key] = value;
        using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SpendLogTestHost.ApiKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateOnStart_ValidSettings_Passes()
    {
        using var provider = Build(SpendLogTestHost.DefaultSettings());

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        var error = Record.Exception(validate);
        Assert.Null(error);
    }

    [Fact]
    public void ValidateOnStart_DisabledWithoutUrlOrKey_Passes()
    {
        using var provider = Build(new Dictionary<string, string?> { ["UsageAnalytics:Enabled"] = "false" });

        var validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Null(Record.Exception(validate));
    }

    [Fact]
    public void ValidateOnStart_NothingConfigured_FailsWithBothRequiredKeys()
    {
        using var provider = Build(new Dictionary<string, string?>());

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("UsageAnalytics:LiteLLM:BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("UsageAnalytics:LiteLLM:ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ResolvedWithInvalidSetting_ThrowsOnFirstUse()
    {
        var settings = SpendLogTestHost.DefaultSettings();
        settings["UsageAnalytics:LiteLLM:BaseUrl"] = "nope";
        using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value);

        Assert.Contains("UsageAnalytics:LiteLLM:BaseUrl must be an absolute http(s) URL", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddUsageAnalytics(configuration);
        return services.BuildServiceProvider();
    }
}
