using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UsageAnalytics.DependencyInjection;

namespace UsageAnalytics.LiteLLM;

public sealed class LiteLLMSpendLogClientConstructionTests
{
    [Fact]
    public void Constructor_WithoutDependencyInjectionAndNoBaseUrl_ThrowsNamingTheKey()
    {
        using var http = new HttpClient();
        var options = Options.Create(new UsageAnalyticsOptions { LiteLLM = { ApiKey = "sk-test-SECRET" } });

        var error = Assert.Throws<ArgumentException>(() => new LiteLLMSpendLogClient(http, options, NullLogger<LiteLLMSpendLogClient>.Instance));

        Assert.Contains("UsageAnalytics:LiteLLM:BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullArgument_Throws()
    {
        using var http = new HttpClient();
        var options = Options.Create(new UsageAnalyticsOptions { Enabled = false });

        Assert.Throws<ArgumentNullException>(() => new LiteLLMSpendLogClient(null!, options, NullLogger<LiteLLMSpendLogClient>.Instance));
        Assert.Throws<ArgumentNullException>(() => new LiteLLMSpendLogClient(http, null!, NullLogger<LiteLLMSpendLogClient>.Instance));
        Assert.Throws<ArgumentNullException>(() => new LiteLLMSpendLogClient(http, options, null!));
    }
}
