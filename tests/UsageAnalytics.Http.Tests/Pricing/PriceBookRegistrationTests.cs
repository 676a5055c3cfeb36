using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;
using UsageAnalytics.DependencyInjection;

namespace UsageAnalytics.Pricing;

public sealed class PriceBookRegistrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ua-pricing-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void AddUsageAnalytics_NoPricingSource_RegistersNoPriceBook(string? source)
    {
        using var host = PricingTestHost.Create(source);

        Assert.Null(host.Services.GetService<IPriceBookProvider>());
        Assert.Null(host.Services.GetService<IOptions<PriceBookOptions>>()?.Value.Source);
    }

    [Fact]
    public async Task AddUsageAnalytics_FileSource_PricesRowsFromTheFile()
    {
        var path = Write("prices.json", PricingTestHost.PriceFile);
        using var host = PricingTestHost.Create(path);

        var book = await host.Provider.GetPriceBookAsync();

        // gpt-4o: 800 × 2.5e-6 + 200 × 1.25e-6 + 500 × 1e-5 = 0.002 + 0.00025 + 0.005.
        Assert.Equal(0.00725m, book.Estimate(PricingTestHost.Row("gpt-4o", prompt: 1000, completion: 500, cached: 200)).Cost);
    }

    [Fact]
    public async Task AddUsageAnalytics_UrlSource_LoadsTheUrl()
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl);
        host.Http.Expect(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => PricingTestHost.Json(PricingTestHost.PriceFile));

        var book = await host.Provider.GetPriceBookAsync();

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(0.0035m, book.Estimate(PricingTestHost.Row("gpt-4o", prompt: 1000, completion: 100)).Cost);
    }

    [Fact]
    public async Task AddUsageAnalytics_LiteLLMSource_PricesTheProxysModelNames()
    {
        using var host = PricingTestHost.Create("LiteLLM");
        host.Http.Expect(HttpMethod.Get, PricingTestHost.ModelInfoUrl)
            .WithHeaders("x-litellm-api-key", PricingTestHost.ApiKey)
            .Respond(_ => PricingTestHost.Json("""
                {"data": [{"model_name": "team-gpt", "litellm_params": {"model": "azure/prod"},
                           "model_info": {"base_model": "azure/gpt-4o", "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05}}]}
                """));

        var book = await host.Provider.GetPriceBookAsync();

        host.Http.VerifyNoOutstandingExpectation();
        // 1000 × 2.5e-6 + 100 × 1e-5 = 0.0025 + 0.001.
        Assert.Equal(0.0035m, book.Estimate(PricingTestHost.Row("team-gpt", prompt: 1000, completion: 100)).Cost);
        Assert.Contains("Price book loaded from the LiteLLM proxy's /model/info in", host.Logs.LatestRecord.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddUsageAnalytics_LiteLLMSourceOverACatalog_PricesUnpricedDeploymentsAsTheirBaseModel()
    {
        using var host = PricingTestHost.Create("litellm", new Dictionary<string, string?> { ["UsageAnalytics:Pricing:Catalog"] = PricingTestHost.PriceFileUrl });
        host.Http.Expect(HttpMethod.Get, PricingTestHost.ModelInfoUrl).Respond(_ => PricingTestHost.Json("""
            {"data": [{"model_name": "team-haiku", "litellm_params": {"model": "anthropic/claude-3-5-haiku-20241022"}, "model_info": {"id": "7"}}]}
            """));
        host.Http.Expect(HttpMethod.Get, PricingTestHost.PriceFileUrl).Respond(_ => PricingTestHost.Json(PricingTestHost.PriceFile));

        var book = await host.Provider.GetPriceBookAsync();
        var estimate = book.Estimate(PricingTestHost.Row("team-haiku", prompt: 1000, completion: 100));

        host.Http.VerifyNoOutstandingExpectation();
        // claude-3-5-haiku-20241022: 1000 × 8e-7 + 100 × 4e-6 = 0.0008 + 0.0004.
        Assert.Equal(0.0012m, estimate.Cost);
        Assert.Equal(PriceMatch.Deployment, estimate.Match);
    }

    [Fact]
    public async Task AddUsageAnalytics_MissingFile_FailsNamingTheKeyAndPath()
    {
        var path = Path.Combine(_directory, "nope.json");
        using var host = PricingTestHost.Create(path);

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => host.Provider.GetPriceBookAsync().AsTask());

        Assert.Equal(PriceBookLoadFailureKind.File, error.Kind);
        Assert.Equal(path, error.Location);
        Assert.StartsWith($"The file {path} (UsageAnalytics:Pricing:Source) could not be read: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddUsageAnalytics_GarbageFile_FailsAsMalformedWithTheFormatError()
    {
        var path = Write("garbage.json", "this is not json");
        using var host = PricingTestHost.Create(path);

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => host.Provider.GetPriceBookAsync().AsTask());

        Assert.Equal(PriceBookLoadFailureKind.Malformed, error.Kind);
        Assert.IsType<PriceBookFormatException>(error.InnerException);
        Assert.StartsWith($"The price file {path} (UsageAnalytics:Pricing:Source) is not a LiteLLM price file: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddUsageAnalytics_OverridesFile_IsAppliedOverTheSource()
    {
        var path = Write("prices.json", PricingTestHost.PriceFile);
        var overrides = Write("overrides.json", """
            {
              "prices": { "my-llama": { "input_cost_per_token": 1e-07, "output_cost_per_token": 2e-07, "litellm_provider": "hosted_vllm" } },
              "adjustments": [ { "provider": "openai", "multiplier": 0.9 } ],
              "deployments": { "team-gpt": "gpt-4o" }
            }
            """);
        using var host = PricingTestHost.Create(path, new Dictionary<string, string?> { ["UsageAnalytics:Pricing:OverridesFile"] = overrides });

        var book = await host.Provider.GetPriceBookAsync();

        // my-llama: 1000 × 1e-7 + 100 × 2e-7 = 0.0001 + 0.00002.
        Assert.Equal(0.00012m, book.Estimate(PricingTestHost.Row("my-llama", prompt: 1000, completion: 100)).Cost);

        // team-gpt → gpt-4o (openai, 10% off): (1000 × 2.5e-6 + 100 × 1e-5) × 0.9 = 0.0035 × 0.9.
        var mapped = book.Estimate(PricingTestHost.Row("team-gpt", prompt: 1000, completion: 100));
        Assert.Equal(0.00315m, mapped.Cost);
        Assert.Equal(0.0035m, mapped.ListCost);
        Assert.Equal(PriceMatch.Deployment, mapped.Match);
    }

    [Fact]
    public async Task AddUsageAnalytics_MissingOverridesFile_FailsNamingItsKey()
    {
        var path = Write("prices.json", PricingTestHost.PriceFile);
        var overrides = Path.Combine(_directory, "no-overrides.json");
        using var host = PricingTestHost.Create(path, new Dictionary<string, string?> { ["UsageAnalytics:Pricing:OverridesFile"] = overrides });

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => host.Provider.GetPriceBookAsync().AsTask());

        Assert.Equal(PriceBookLoadFailureKind.File, error.Kind);
        Assert.StartsWith($"The file {overrides} (UsageAnalytics:Pricing:OverridesFile) could not be read: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddUsageAnalytics_MalformedOverridesFile_FailsAsMalformed()
    {
        var path = Write("prices.json", PricingTestHost.PriceFile);
        var overrides = Write("overrides.json", """{ "adjustments": [ { "multiplier": -1 } ] }""");
        using var host = PricingTestHost.Create(path, new Dictionary<string, string?> { ["UsageAnalytics:Pricing:OverridesFile"] = overrides });

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => host.Provider.GetPriceBookAsync().AsTask());

        Assert.Equal(PriceBookLoadFailureKind.Malformed, error.Kind);
        Assert.StartsWith($"The overrides file {overrides} (UsageAnalytics:Pricing:OverridesFile) is malformed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddUsageAnalytics_LiteLLMSourceRejectsTheKey_FailureLoggedWithoutTheKey()
    {
        using var host = PricingTestHost.Create("litellm");
        host.Http.When(HttpMethod.Get, PricingTestHost.ModelInfoUrl).Respond(_ => PricingTestHost.Json(
            $$$"""{"error": {"message": "Invalid key {{{PricingTestHost.ApiKey}}}", "type": "auth_error", "code": "401"}}""",
            HttpStatusCode.Unauthorized));

        var error = await Assert.ThrowsAsync<PriceBookLoadException>(() => host.Provider.GetPriceBookAsync().AsTask());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 3002);
        Assert.Contains("Price book load from the LiteLLM proxy's /model/info failed (HttpStatus)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("LiteLLM says: Invalid key ***.", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PricingTestHost.ApiKey, host.AllLogText(), StringComparison.Ordinal);
        Assert.DoesNotContain(PricingTestHost.ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UsageAnalytics:Pricing:Source", "ftp://prices.test/p.json", "UsageAnalytics:Pricing:Source must be a file path, an absolute http(s) URL of a LiteLLM price file, or 'litellm'")]
    [InlineData("UsageAnalytics:Pricing:Source", "   ", "UsageAnalytics:Pricing:Source must be a file path")]
    [InlineData("UsageAnalytics:Pricing:RefreshInterval", "00:00:00", "UsageAnalytics:Pricing:RefreshInterval must be between 00:00:01 and 365.00:00:00")]
    [InlineData("UsageAnalytics:Pricing:RefreshInterval", "-01:00:00", "UsageAnalytics:Pricing:RefreshInterval must be between 00:00:01 and 365.00:00:00")]
    [InlineData("UsageAnalytics:Pricing:TimeoutSeconds", "0", "UsageAnalytics:Pricing:TimeoutSeconds must be between 1 and 3600")]
    [InlineData("UsageAnalytics:Pricing:MaxResponseBytes", "10", "UsageAnalytics:Pricing:MaxResponseBytes must be between 1024 and 1073741824")]
    [InlineData("UsageAnalytics:Pricing:ModelInfoPath", "model/info", "UsageAnalytics:Pricing:ModelInfoPath must be a path that starts with '/'")]
    [InlineData("UsageAnalytics:Pricing:Catalog", "prices.json", "UsageAnalytics:Pricing:Catalog applies only when UsageAnalytics:Pricing:Source is 'litellm'")]
    [InlineData("UsageAnalytics:Pricing:OverridesFile", " ", "UsageAnalytics:Pricing:OverridesFile must not be blank")]
    [InlineData("UsageAnalytics:Pricing:Resilience:Retry:MaxRetryAttempts", "0", "MaxRetryAttempts")]
    public void ValidateOnStart_InvalidPricingSetting_FailsNamingTheKey(string key, string value, string expected)
    {
        using var host = PricingTestHost.Create(PricingTestHost.PriceFileUrl, new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("litellm", "UsageAnalytics:Pricing:Catalog must be a file path or an absolute http(s) URL")]
    [InlineData("ftp://prices.test/p.json", "UsageAnalytics:Pricing:Catalog must be a file path or an absolute http(s) URL")]
    public void ValidateOnStart_BadCatalog_FailsNamingTheKey(string catalog, string expected)
    {
        using var host = PricingTestHost.Create("litellm", new Dictionary<string, string?> { ["UsageAnalytics:Pricing:Catalog"] = catalog });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateOnStart_LiteLLMSourceWhileDisabled_FailsNamingBothKeys()
    {
        using var host = PricingTestHost.Create("litellm", new Dictionary<string, string?> { ["UsageAnalytics:Enabled"] = "false" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("UsageAnalytics:Pricing:Source is 'litellm' (the proxy's model info), which needs UsageAnalytics:Enabled to be true.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("litellm")]
    [InlineData(PricingTestHost.PriceFileUrl)]
    [InlineData("prices/model_prices.json")]
    public void ValidateOnStart_ValidSettings_Pass(string source)
    {
        using var host = PricingTestHost.Create(source, new Dictionary<string, string?> { ["UsageAnalytics:Pricing:RefreshInterval"] = "01:00:00" });

        var error = Record.Exception(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Null(error);
        Assert.Equal(TimeSpan.FromHours(1), host.Services.GetRequiredService<IOptions<PriceBookOptions>>().Value.RefreshInterval);
    }

    [Fact]
    public void Options_Defaults_AreAsDocumented()
    {
        var options = new PriceBookOptions();

        Assert.Null(options.Source);
        Assert.Equal(TimeSpan.FromDays(1), options.RefreshInterval);
        Assert.Equal(60, options.TimeoutSeconds);
        Assert.Equal(33554432, options.MaxResponseBytes);
        Assert.Equal("/model/info", options.ModelInfoPath);
        Assert.Null(options.OverridesFile);
        Assert.Null(options.Catalog);
    }

    [Fact]
    public void Options_ToString_HidesTheUrlsQuery()
    {
        var options = new PriceBookOptions { Source = "https://prices.test/p.json?token=ghp_SECRET" };

        Assert.Contains("Source = https://prices.test/p.json?…", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPriceBook_InCode_RegistersOnceAndLoads()
    {
        var path = Write("prices.json", PricingTestHost.PriceFile);
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddUsageAnalytics(options => options.Enabled = false);
        builder.AddPriceBook(options => options.Source = "does-not-exist.json");
        builder.AddPriceBook(options => options.Source = path);
        using var provider = services.BuildServiceProvider(validateScopes: true);

        var book = await provider.GetRequiredService<IPriceBookProvider>().GetPriceBookAsync();

        Assert.Equal(3, book.Count);
        Assert.Single(services, d => d.ServiceType == typeof(IPriceBookProvider));
    }

    [Fact]
    public async Task AddPriceBook_FromTheRootConfiguration_BindsThePricingSection()
    {
        var path = Write("prices.json", PricingTestHost.PriceFile);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["UsageAnalytics:Pricing:Source"] = path }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddUsageAnalytics(options => options.Enabled = false).AddPriceBook(configuration);
        using var provider = services.BuildServiceProvider(validateScopes: true);

        var book = await provider.GetRequiredService<IPriceBookProvider>().GetPriceBookAsync();

        Assert.Equal(3, book.Count);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
