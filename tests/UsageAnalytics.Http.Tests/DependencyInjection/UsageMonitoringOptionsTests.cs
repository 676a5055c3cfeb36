using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UsageAnalytics.Budgets;
using UsageAnalytics.Monitoring;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.DependencyInjection;

public sealed class UsageMonitoringOptionsTests
{
    [Fact]
    public void AddUsageAnalytics_NoMonitoringSection_ResolvesMonitorWithDefaults()
    {
        using var provider = Build(SpendLogTestHost.DefaultSettings());

        provider.GetRequiredService<IStartupValidator>().Validate();
        var monitor = provider.GetRequiredService<UsageMonitor>();

        Assert.Same(TimeZoneInfo.Utc, monitor.Options.TimeZone);
        Assert.Equal("USD", monitor.Options.Currency);
        Assert.Equal(TimeSpan.FromSeconds(10), monitor.Options.CostUpdateInterval);
        Assert.Equal(10, monitor.Options.TopCount);
        Assert.Equal(TimeSpan.FromMinutes(5), monitor.Options.MaxClockSkew);
        Assert.Same(monitor, provider.GetRequiredService<UsageMonitor>());
    }

    [Fact]
    public void AddUsageAnalytics_MonitoringSection_BindsEveryKey()
    {
        var settings = MonitoringSettings();

        using var provider = Build(settings);
        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<UsageMonitoringOptions>>().Value;
        var monitor = provider.GetRequiredService<UsageMonitor>();

        Assert.Equal(2, options.Budgets.Count);
        Assert.Equal("team-search", options.Budgets[1].Name);
        Assert.Equal(25.5m, options.Budgets[1].Limit);
        Assert.Equal([60m, 90m], options.Budgets[1].Thresholds);
        Assert.Equal("Europe/Berlin", monitor.Options.TimeZone.Id);
        Assert.Equal("EUR", monitor.Options.Currency);
        Assert.Equal(TimeSpan.FromSeconds(2), monitor.Options.CostUpdateInterval);
        Assert.Equal(64, monitor.Options.EventCapacity);
        Assert.Equal(3, monitor.Options.TopCount);
        Assert.Equal(TimeSpan.FromSeconds(30), monitor.Options.MaxClockSkew);
        Assert.Equal(["all", "team-search"], monitor.Options.Budgets.Select(b => b.Name));
        Assert.Equal(BudgetPeriod.Daily, monitor.Options.Budgets[1].Period);
        Assert.Equal("Europe/Berlin", monitor.Options.Budgets[1].TimeZone.Id);
    }

    [Fact]
    public void Map_ValidBudgets_BuildsPoliciesWithParsedScopePeriodAndZone()
    {
        var options = new UsageMonitoringOptions { TimeZone = "Europe/Berlin" };
        options.Budgets.Add(new UsageBudgetOptions { Name = "all", Limit = 100m });
        options.Budgets.Add(new UsageBudgetOptions
        {
            Name = "team-search", Scope = " team = search ", Limit = 25.5m, Period = "week:sunday", TimeZone = "America/New_York", Thresholds = [60m, 90m],
        });
        var errors = new List<string>();

        var policies = UsageMonitoringOptionsMapper.MapBudgetPolicies(options, errors);

        Assert.Empty(errors);
        Assert.Equal(2, policies.Count);
        // The first inherits the monitor's zone and the defaults: month from the 1st, 50/80/95 %.
        Assert.Equal(BudgetScope.Global, policies[0].Scope);
        Assert.Equal(BudgetPeriod.Monthly(1), policies[0].Period);
        Assert.Equal("Europe/Berlin", policies[0].TimeZone.Id);
        Assert.Equal([50m, 80m, 95m], policies[0].Thresholds);
        Assert.Equal(BudgetScope.Parse("team=search"), policies[1].Scope);
        Assert.Equal(BudgetPeriod.Weekly(DayOfWeek.Sunday), policies[1].Period);
        Assert.Equal("America/New_York", policies[1].TimeZone.Id);
        Assert.Equal([60m, 90m], policies[1].Thresholds);
    }

    [Theory]
    [InlineData("Limit", "0", "UsageAnalytics:Monitoring:Budgets[1] (team-search): Limit must be greater than 0")]
    [InlineData("Limit", "-5", "UsageAnalytics:Monitoring:Budgets[1] (team-search): Limit must be greater than 0")]
    [InlineData("Scope", "planet=mars", "UsageAnalytics:Monitoring:Budgets[1] (team-search): Scope: ")]
    [InlineData("Period", "fortnight", "UsageAnalytics:Monitoring:Budgets[1] (team-search): Period: ")]
    [InlineData("TimeZone", "Mars/Olympus", "UsageAnalytics:Monitoring:Budgets[1] (team-search): TimeZone must be a known IANA or Windows time zone id")]
    [InlineData("Thresholds:0", "120", "UsageAnalytics:Monitoring:Budgets[1] (team-search): ")]
    [InlineData("Name", "all", "UsageAnalytics:Monitoring:Budgets[1] (all): Name is used by an earlier budget")]
    [InlineData("Currency", " ", "UsageAnalytics:Monitoring:Budgets[1] (team-search): Currency")]
    public void ValidateOnStart_BadBudgetEntry_FailsNamingTheEntry(string field, string value, string expected)
    {
        var settings = MonitoringSettings();
        settings["UsageAnalytics:Monitoring:Budgets:1:" + field] = value;
        using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        // Only the bad entry is reported: the first budget is fine.
        Assert.DoesNotContain("Budgets[0]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TimeZone", "Nowhere/Special", "UsageAnalytics:Monitoring:TimeZone must be a known IANA or Windows time zone id")]
    [InlineData("CostUpdateInterval", "00:00:00.010", "UsageAnalytics:Monitoring:CostUpdateInterval: ")]
    [InlineData("TopCount", "5000", "UsageAnalytics:Monitoring:TopCount: ")]
    [InlineData("EventCapacity", "0", "UsageAnalytics:Monitoring:EventCapacity: ")]
    [InlineData("MaxClockSkew", "-00:00:01", "UsageAnalytics:Monitoring:MaxClockSkew: ")]
    [InlineData("Currency", "", "UsageAnalytics:Monitoring:Currency must not be empty")]
    public void ValidateOnStart_BadMonitorSetting_FailsNamingTheKey(string key, string value, string expected)
    {
        var settings = MonitoringSettings();
        settings["UsageAnalytics:Monitoring:" + key] = value;
        using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateOnStart_TwoBadEntries_ReportsBoth()
    {
        var settings = MonitoringSettings();
        settings["UsageAnalytics:Monitoring:Budgets:0:Limit"] = "0";
        settings["UsageAnalytics:Monitoring:Budgets:1:Period"] = "year";
        using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Budgets[0] (all): Limit must be greater than 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Budgets[1] (team-search): Period", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUsageAnalytics_HostRegisteredTimeProvider_MonitorUsesIt()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(SpendLogTestHost.DefaultSettings()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddUsageAnalytics(configuration);
        using var provider = services.BuildServiceProvider();

        var snapshot = provider.GetRequiredService<UsageMonitor>().GetSnapshot();

        Assert.Equal(clock.GetUtcNow(), snapshot.AsOf);
    }

    [Fact]
    public void AddUsageAnalytics_HostRegisteredMonitor_Wins()
    {
        using var own = new UsageMonitor(new UsageMonitorOptions { TopCount = 1, CostUpdateInterval = Timeout.InfiniteTimeSpan });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(SpendLogTestHost.DefaultSettings()).Build();
        var services = new ServiceCollection();
        services.AddSingleton(own);
        services.AddUsageAnalytics(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<UsageMonitor>());
    }

    internal static Dictionary<string, string?> MonitoringSettings()
    {
        var settings = SpendLogTestHost.DefaultSettings();
        settings["UsageAnalytics:Monitoring:TimeZone"] = "Europe/Berlin";
        settings["UsageAnalytics:Monitoring:Currency"] = "EUR";
        settings["UsageAnalytics:Monitoring:CostUpdateInterval"] = "00:00:02";
        settings["UsageAnalytics:Monitoring:EventCapacity"] = "64";
        settings["UsageAnalytics:Monitoring:TopCount"] = "3";
        settings["UsageAnalytics:Monitoring:MaxClockSkew"] = "00:00:30";
        settings["UsageAnalytics:Monitoring:Budgets:0:Name"] = "all";
        settings["UsageAnalytics:Monitoring:Budgets:0:Limit"] = "100";
        settings["UsageAnalytics:Monitoring:Budgets:0:Currency"] = "EUR";
        settings["UsageAnalytics:Monitoring:Budgets:1:Name"] = "team-search";
        settings["UsageAnalytics:Monitoring:Budgets:1:Scope"] = "team=search";
        settings["UsageAnalytics:Monitoring:Budgets:1:Limit"] = "25.5";
        settings["UsageAnalytics:Monitoring:Budgets:1:Currency"] = "EUR";
        settings["UsageAnalytics:Monitoring:Budgets:1:Period"] = "day";
        settings["UsageAnalytics:Monitoring:Budgets:1:Thresholds:0"] = "60";
        settings["UsageAnalytics:Monitoring:Budgets:1:Thresholds:1"] = "90";
        return settings;
    }

    internal static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddUsageAnalytics(configuration);
        return services.BuildServiceProvider();
    }
}
