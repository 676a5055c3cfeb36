using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UsageAnalytics.Alerts;

namespace UsageAnalytics.DependencyInjection;

public sealed class UsageMonitoringRuleOptionsTests
{
    [Fact]
    public void MapRules_ValidEntries_ParsesConditionsAndSeverities()
    {
        var options = new UsageMonitoringOptions();
        options.Rules.Add(new UsageAlertRuleOptions { Name = "slow", Condition = "p95_latency_ms > 2000 over 15m and model = \"gpt-4o\"", Severity = "critical" });
        options.Rules.Add(new UsageAlertRuleOptions { Name = "errors", Condition = "error_rate > 0.05" });
        var errors = new List<string>();

        var rules = UsageMonitoringOptionsMapper.MapRules(options.Rules, errors);

        Assert.Empty(errors);
        Assert.Equal(2, rules.Count);
        Assert.Equal("slow", rules[0].Name);
        Assert.Equal(AlertSeverity.Critical, rules[0].Severity);
        var slow = Assert.Single(rules[0].Condition.Comparisons);
        Assert.Equal(2000d, slow.Threshold);
        Assert.Equal(TimeSpan.FromMinutes(15), slow.Window);
        // Severity defaults to Warning; a comparison without "over" covers the default hour.
        Assert.Equal(AlertSeverity.Warning, rules[1].Severity);
        Assert.Equal(TimeSpan.FromHours(1), Assert.Single(rules[1].Condition.Comparisons).Window);
    }

    [Fact]
    public void ValidateOnStart_GoodRules_Passes()
    {
        var settings = UsageMonitoringOptionsTests.MonitoringSettings();
        settings["UsageAnalytics:Monitoring:Rules:0:Name"] = "slow";
        settings["UsageAnalytics:Monitoring:Rules:0:Condition"] = "p95_latency_ms > 2000 over 15m";
        settings["UsageAnalytics:Monitoring:Rules:1:Name"] = "search-spend";
        settings["UsageAnalytics:Monitoring:Rules:1:Condition"] = "spend > 10 over 1d and team = \"search\"";
        settings["UsageAnalytics:Monitoring:Rules:1:Severity"] = "Info";
        using var provider = UsageMonitoringOptionsTests.Build(settings);

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<UsageMonitoringOptions>>().Value;

        var monitor = provider.GetRequiredService<UsageAnalytics.Monitoring.UsageMonitor>();

        Assert.Equal(["slow", "search-spend"], options.Rules.Select(r => r.Name));
        Assert.Equal(["slow", "search-spend"], monitor.Options.Rules.Select(r => r.Name));
        Assert.Equal(AlertSeverity.Info, monitor.Options.Rules[1].Severity);
        Assert.Equal(10d, Assert.Single(monitor.Options.Rules[1].Condition.Comparisons).Threshold);
    }

    [Theory]
    // "p95_latency_ms >" then nothing: the number is missing at the end of the text (position 16).
    [InlineData("Condition", "p95_latency_ms >", "UsageAnalytics:Monitoring:Rules[0] (slow): condition 'p95_latency_ms >': Invalid alert condition at position 16: expected a number, found end of text.")]
    // "slow" is not a metric: position 0.
    [InlineData("Condition", "slow > 1", "UsageAnalytics:Monitoring:Rules[0] (slow): condition 'slow > 1': Invalid alert condition at position 0: expected ")]
    [InlineData("Condition", " ", "UsageAnalytics:Monitoring:Rules[0] (slow): Condition is required")]
    [InlineData("Severity", "Panic", "UsageAnalytics:Monitoring:Rules[0] (slow): Severity must be Info, Warning or Critical, not 'Panic'")]
    [InlineData("Severity", "7", "UsageAnalytics:Monitoring:Rules[0] (slow): Severity must be Info, Warning or Critical, not '7'")]
    public void ValidateOnStart_BadRuleEntry_FailsNamingTheEntry(string field, string value, string expected)
    {
        var settings = UsageMonitoringOptionsTests.MonitoringSettings();
        settings["UsageAnalytics:Monitoring:Rules:0:Name"] = "slow";
        settings["UsageAnalytics:Monitoring:Rules:0:Condition"] = "p95_latency_ms > 2000 over 15m";
        settings["UsageAnalytics:Monitoring:Rules:0:" + field] = value;
        using var provider = UsageMonitoringOptionsTests.Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateOnStart_DuplicateRuleName_FailsNamingTheSecond()
    {
        var settings = UsageMonitoringOptionsTests.MonitoringSettings();
        settings["UsageAnalytics:Monitoring:Rules:0:Name"] = "slow";
        settings["UsageAnalytics:Monitoring:Rules:0:Condition"] = "requests > 1";
        settings["UsageAnalytics:Monitoring:Rules:1:Name"] = "slow";
        settings["UsageAnalytics:Monitoring:Rules:1:Condition"] = "errors > 1";
        using var provider = UsageMonitoringOptionsTests.Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("UsageAnalytics:Monitoring:Rules[1] (slow): Name is used by an earlier rule", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Rules[0]", error.Message, StringComparison.Ordinal);
    }
}
