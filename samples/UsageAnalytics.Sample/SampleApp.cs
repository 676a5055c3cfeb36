using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UsageAnalytics.Costs;
using UsageAnalytics.Pricing;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.LiteLLMEmulator;
using UsageAnalytics.Records;
using UsageAnalytics.Sync;

namespace UsageAnalytics.Sample;

/// <summary>The sample: embedded emulator by default, a real LiteLLM proxy when one is configured.</summary>
internal static partial class SampleApp
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    private const string BaseUrlKey = "UsageAnalytics:LiteLLM:BaseUrl";
    private const string ApiKeyKey = "UsageAnalytics:LiteLLM:ApiKey";

    /// <summary>Runs the sample.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">The configuration from the environment (<c>UsageAnalytics__LiteLLM__BaseUrl</c>...).</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="error">Where one-line errors go.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The exit code: 0 success, 1 the run failed (or the price file is bad), 2 bad arguments or file.</returns>
    public static Task<int> RunAsync(
        IReadOnlyList<string> args,
        IConfiguration environment,
        TextWriter output,
        TextWriter error,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default) =>
        RunAsync(args, environment, output, error, timeProvider, SamplePrices.FindSharedCatalog, cancellationToken);

    /// <summary>Runs the sample with the price source a test picks.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">The configuration from the environment (<c>UsageAnalytics__LiteLLM__BaseUrl</c>...).</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="error">Where one-line errors go.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="findSharedCatalog">Finds LiteLLM's price file in the shared data beside the repository, or returns null
    /// when it is not there (then the sample's demo price list is used).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The exit code: 0 success, 1 the run failed (or the price file is bad), 2 bad arguments or file.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        IConfiguration environment,
        TextWriter output,
        TextWriter error,
        TimeProvider timeProvider,
        Func<string?> findSharedCatalog,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(findSharedCatalog);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(timeProvider);
        try
        {
            var options = SampleArguments.Parse(args);
            if (options.Help)
            {
                output.WriteLine(SampleArguments.HelpText);
                return ExitOk;
            }

            // The demo budgets and rules (UsageAnalytics:Monitoring) come from appsettings.json; the environment wins.
            environment = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
                .AddConfiguration(environment)
                .Build();
            using var telemetry = SampleTelemetry.Start(options.OtelConsole);
            if (options.Live)
            {
                return await RunLiveAsync(options, environment, output, timeProvider, findSharedCatalog, cancellationToken);
            }

            if (options.SpendLogsFile is { } spendLogs)
            {
                return await RunSpendLogFileAsync(options, spendLogs, output, timeProvider, cancellationToken);
            }

            if (options.WriteFile is { } target)
            {
                UsageJsonLines.CheckWritable(target);
            }

            // Read, and refused when invalid, before any proxy is asked; request ids only inside a breakdown are backfilled once the
            // configured merger exists, before the rows are counted or synced.
            var fileRecords = options.UsageFile is { } path
                ? await UsageJsonLines.ReadFileAsync(path, merger: null, cancellationToken)
                : null;

            // The price books too are loaded before any proxy is asked: a bad price file ends the run with one line. Listing a
            // proxy's spend logs needs none (every row is LiteLLM's own charge).
            var embedded = string.IsNullOrWhiteSpace(environment[BaseUrlKey]);
            var litellmPrices = embedded || (fileRecords is not null && options.PriceBookFile is null)
                ? SamplePrices.Load(priceBookFile: null, findSharedCatalog())
                : null;
            var prices = new PriceSources(
                litellmPrices,
                options.PriceBookFile is { } priceFile ? SamplePrices.Load(priceFile, sharedCatalog: null) : litellmPrices);
            return embedded
                ? await RunEmbeddedAsync(options, fileRecords, prices, environment, output, error, timeProvider, cancellationToken)
                : await RunAgainstProxyAsync(options, fileRecords, prices, environment, output, error, timeProvider, cancellationToken);
        }
        catch (SampleUsageException ex)
        {
            error.WriteLine("error: " + ex.Message);
            return ExitUsage;
        }
        catch (SamplePriceBookException ex)
        {
            error.WriteLine("error: " + ex.Message);
            return ExitFailed;
        }
        catch (OptionsValidationException ex)
        {
            error.WriteLine("error: invalid configuration: " + string.Join("; ", ex.Failures).ReplaceLineEndings(" "));
            return ExitUsage;
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException)
        {
            // The client refuses to list with this configuration (disabled, or a v1 SpendLogPath).
            error.WriteLine("error: " + ex.Message.ReplaceLineEndings(" "));
            return ExitUsage;
        }
        catch (SpendLogRequestException ex)
        {
            error.WriteLine("error: " + ex.Message.ReplaceLineEndings(" "));
            return ExitFailed;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("error: " + ex.Message.ReplaceLineEndings(" "));
            return ExitFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("error: canceled");
            return ExitFailed;
        }
    }

    /// <summary>No proxy, no DI: spend-log rows from a file, one pass into the dashboard.</summary>
    private static async Task<int> RunSpendLogFileAsync(
        SampleOptions options, string path, TextWriter output, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var dashboard = new DashboardBuilder(options.TimeZone);
        var input = await SpendLogFile.ReadAsync(path, dashboard, cancellationToken);
        var report = dashboard.Build(options.Now ?? timeProvider.GetUtcNow());
        var source = new Dashboard.Source("spend_logs", input);
        if (options.Json)
        {
            Dashboard.WriteJson(output, report, source, sync: null);
            return ExitOk;
        }

        output.WriteLine("UsageAnalytics sample (LiteLLM spend-log file, no proxy)");
        Dashboard.Write(output, report, source, sync: null);
        await SampleExports.WriteFilesAsync(options, output, report.Summary, budgets: null, alerts: null, reconciliation: null, records: null, prices: null, cancellationToken);
        output.WriteLine("dashboard: OK");
        return ExitOk;
    }

    private static async Task<int> RunEmbeddedAsync(
        SampleOptions options,
        IReadOnlyList<UsageRecord>? fileRecords,
        PriceSources prices,
        IConfiguration environment,
        TextWriter output,
        TextWriter error,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var report = output;
        output = options.Json ? TextWriter.Null : output; // --json: stdout holds the JSON only.
        var now = timeProvider.GetUtcNow();
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(
            new EmulatorOptions
            {
                TimeProvider = timeProvider,
                VisibilityDelay = options.Faults ? TimeSpan.FromSeconds(60) : TimeSpan.Zero,
            },
            cancellationToken);

        // A key set in the environment is sent as is, so a wrong key can be tried offline; otherwise the emulator's own.
        var ownKey = string.IsNullOrWhiteSpace(environment[ApiKeyKey]);
        output.WriteLine("UsageAnalytics sample (embedded LiteLLM emulator)");
        output.WriteLine(Text(
            $"emulator:   {emulator.BaseUrl} key {Mask(ownKey ? emulator.ApiKey : environment[ApiKeyKey])}{(ownKey ? string.Empty : " (from UsageAnalytics__LiteLLM__ApiKey)")} faults={(options.Faults ? "on" : "off")}"));

        var settings = new Dictionary<string, string?>
        {
            ["UsageAnalytics:Enabled"] = "true",
            [BaseUrlKey] = emulator.BaseUrl.ToString(),
            ["UsageAnalytics:LiteLLM:Resilience:Retry:Delay"] = "00:00:00.050",
        };
        if (ownKey)
        {
            settings[ApiKeyKey] = emulator.ApiKey;
        }

        if (options.Faults)
        {
            // Ask for rows younger than the batch writer's delay, so the proxy itself answers "not there yet".
            settings["UsageAnalytics:Sync:MinimumAge"] = "00:00:05";
        }

        var configuration = new ConfigurationBuilder()
            .AddConfiguration(environment)
            .AddInMemoryCollection(settings)
            .Build();
        await using var services = BuildServices(configuration, timeProvider, options.Verbose);
        var merger = services.GetRequiredService<CostBreakdownMerger>();

        IReadOnlyList<UsageRecord> records;
        IReadOnlyList<SpendLogRow> served;
        var litellm = prices.LiteLLM!;
        if (fileRecords is not null)
        {
            records = UsageJsonLines.BackfillRequestIds(fileRecords, merger);
            var mirrored = EmulatedProxy.Mirror(records, merger, litellm.Book);
            emulator.AddRows(mirrored);
            served = mirrored;
            output.WriteLine(Text($"usage file: {records.Count} rows from {options.UsageFile}; emulator serves {mirrored.Count} matching spend-log rows"));
            output.WriteLine(Text($"prices:     {litellm.Source}: the emulator's spend{(options.PriceBookFile is null ? "; the rows keep the file's estimates" : string.Empty)}"));
            if (options.PriceBookFile is not null)
            {
                records = PricingReport.Reprice(records, prices.App!, output);
            }
        }
        else
        {
            var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions
            {
                Seed = options.Seed,
                RowCount = options.Rows,
                Days = options.Days,
                End = now,
                PriceBook = litellm.Book,
            });
            emulator.AddRows(generated.SpendLogs);
            served = generated.SpendLogs;

            // As the app would store them: an id kept only in the breakdown is the row's id (coverage and sync agree).
            records = UsageJsonLines.BackfillRequestIds(generated.UsageRecords, merger);
            output.WriteLine(Text(
                $"generated:  {records.Count} usage rows with estimated costs, {generated.SpendLogs.Count} spend-log rows over {options.Days} days (seed {options.Seed})"));
            output.WriteLine(Text($"prices:     {litellm.Source}: the app's estimates and the emulator's spend"));
        }

        if (options.Faults)
        {
            emulator.Faults = EmulatedProxy.SampleFaults(options.Seed);
            output.WriteLine(EmulatedProxy.SampleFaultsText);
        }

        var outcome = await SampleSync.RunAsync(services, records, options, output, emulator, cancellationToken, served);
        return await FinishSyncAsync(options, report, error, outcome, fileRecords is null ? "generated" : "usage_file", prices.App!, timeProvider, services, cancellationToken);
    }

    private static async Task<int> RunAgainstProxyAsync(
        SampleOptions options,
        IReadOnlyList<UsageRecord>? fileRecords,
        PriceSources prices,
        IConfiguration environment,
        TextWriter output,
        TextWriter error,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["UsageAnalytics:Enabled"] = "true" })
            .AddConfiguration(environment)
            .Build();
        var report = output;
        output = options.Json ? TextWriter.Null : output; // --json: stdout holds the JSON only.
        await using var services = BuildServices(configuration, timeProvider, options.Verbose);
        var litellm = services.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value.LiteLLM;
        output.WriteLine(Text($"UsageAnalytics sample (LiteLLM proxy)"));
        output.WriteLine(Text($"proxy:      {litellm.BaseUrl} key {Mask(litellm.ApiKey)}"));

        if (fileRecords is not null && prices.App is { } app)
        {
            var records = UsageJsonLines.BackfillRequestIds(fileRecords, services.GetRequiredService<CostBreakdownMerger>());
            output.WriteLine(Text($"usage file: {records.Count} rows from {options.UsageFile}"));
            if (options.PriceBookFile is null)
            {
                output.WriteLine(Text($"prices:     {app.Source}: coverage and reconciliation; the rows keep the file's estimates"));
            }
            else
            {
                records = PricingReport.Reprice(records, app, output);
            }

            var outcome = await SampleSync.RunAsync(services, records, options, output, emulator: null, cancellationToken);
            return await FinishSyncAsync(options, report, error, outcome, "usage_file", app, timeProvider, services, cancellationToken);
        }

        if (options.Runs > 1)
        {
            throw new SampleUsageException("--runs needs rows to sync: against a proxy, give them with --usage FILE");
        }

        var to = options.To ?? timeProvider.GetUtcNow();
        var from = options.From ?? to.AddDays(-7);
        output.WriteLine(Text($"window:     {from.UtcDateTime:yyyy-MM-dd HH:mm:ss} .. {to.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC"));
        var listed = new List<UsageRecord>();
        var unplaced = 0;
        await foreach (var entry in services.GetRequiredService<ISpendLogClient>().ListAsync(new SpendLogQuery { From = from, To = to }, cancellationToken))
        {
            try
            {
                listed.Add(entry.ToUsageRecord());
            }
            catch (SpendLogFormatException)
            {
                // A row without a startTime cannot be placed in time: counted, never fatal.
                unplaced++;
            }
        }

        output.WriteLine(unplaced == 0
            ? Text($"listed:     {listed.Count} spend-log rows")
            : Text($"listed:     {listed.Count} spend-log rows ({unplaced} without a startTime left out)"));
        await WriteRowsAsync(options, output, listed, cancellationToken);
        await WriteDashboardAsync(options, report, listed, "proxy", sync: null, SyncVerdict.Ok, timeProvider, services, cancellationToken);
        return ExitOk;
    }

    /// <summary>Writes the rows (<c>--write</c>), prints the dashboard and the verdict, and picks the exit code.</summary>
    private static async Task<int> FinishSyncAsync(
        SampleOptions options,
        TextWriter report,
        TextWriter error,
        SampleSync.Outcome outcome,
        string source,
        SamplePrices prices,
        TimeProvider timeProvider,
        IServiceProvider services,
        CancellationToken cancellationToken)
    {
        // Written even after a failed or canceled pass: every row updated so far is kept, and the next run continues.
        try
        {
            await WriteRowsAsync(options, options.Json ? TextWriter.Null : report, outcome.Rows, CancellationToken.None);
        }
        catch (SampleUsageException ex)
        {
            // The lookups are done; only saving them failed: the run failed, not the call.
            error.WriteLine("error: " + ex.Message);
            return ExitFailed;
        }

        cancellationToken.ThrowIfCancellationRequested();
        ReconciliationReport? reconciliation = null;
        if (!options.Json)
        {
            reconciliation = PricingReport.Write(report, outcome.Rows, prices, options.TimeZone);
        }

        await WriteDashboardAsync(options, report, outcome.Rows, source, outcome.Last, outcome.Verdict, timeProvider, services, cancellationToken, prices, reconciliation);
        if (outcome.Verdict.FailureReason is { } reason)
        {
            error.WriteLine("error: " + reason);
            return ExitFailed;
        }

        return ExitOk;
    }

    private static async Task WriteRowsAsync(SampleOptions options, TextWriter output, IReadOnlyList<UsageRecord> rows, CancellationToken cancellationToken)
    {
        if (options.WriteFile is { } path)
        {
            await UsageJsonLines.WriteFileAsync(path, rows, cancellationToken);
            output.WriteLine(Text($"written:    {rows.Count} rows to {path} ({rows.Count(r => r.IsActualized)} with an actual cost)"));
        }
    }

    private static async Task WriteDashboardAsync(
        SampleOptions options,
        TextWriter output,
        IReadOnlyList<UsageRecord> records,
        string source,
        SyncResult? sync,
        SyncVerdict verdict,
        TimeProvider timeProvider,
        IServiceProvider services,
        CancellationToken cancellationToken,
        SamplePrices? prices = null,
        ReconciliationReport? reconciliation = null)
    {
        var dashboard = new DashboardBuilder(options.TimeZone);
        dashboard.AddAll(records);
        var now = options.Now ?? timeProvider.GetUtcNow();
        var report = dashboard.Build(now);
        if (options.Json)
        {
            Dashboard.WriteJson(output, report, new Dashboard.Source(source), sync, verdict);
            return;
        }

        Dashboard.Write(output, report, new Dashboard.Source(source), sync);
        var (budgets, alerts) = MonitoringReport.Write(output, records, services, now, options.OtelConsole);
        await SampleExports.WriteFilesAsync(options, output, report.Summary, budgets, alerts, reconciliation, records, prices, cancellationToken);
        output.WriteLine(verdict.FailureReason is { } reason ? "dashboard: FAILED (" + reason + ")" : "dashboard: OK");
    }

    private static ServiceProvider BuildServices(IConfiguration configuration, TimeProvider timeProvider, bool verbose)
    {
        var services = new ServiceCollection();
        // Quiet by default: the report is on stdout and a failure is one line on stderr. --verbose shows the
        // library's logs and the resilience pipeline's retries.
        services.AddLogging(logging => logging
            .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Error)
            .AddFilter("Polly", verbose ? LogLevel.Information : LogLevel.None)
            .AddFilter("System.Net.Http", verbose ? LogLevel.Information : LogLevel.None)
            // The sample reports every failure itself (the failures list, the verdict on stdout and stderr): the library's
            // own records (a stopped run is an Error) would add a second, multi-line account to stderr.
            .AddFilter("UsageAnalytics", verbose ? LogLevel.Information : LogLevel.None)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddSingleton(timeProvider);
        services.AddUsageAnalytics(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        // No host here to run the start-up validation: trigger it, so bad settings fail now, by their keys.
        provider.GetService<IStartupValidator>()?.Validate();
        return provider;
    }

    /// <summary>The price books of a run: LiteLLM's (the emulator's spend and the generated rows' estimates; null against a
    /// real proxy when <c>--price-book</c> is given) and the app's (coverage, reconciliation and <c>--price-book</c>).</summary>
    private sealed record PriceSources(SamplePrices? LiteLLM, SamplePrices? App);

    /// <summary>Never print a key: only its kind survives.</summary>
    private static string Mask(string? key) => string.IsNullOrEmpty(key) ? "(none)" : key.StartsWith("sk-", StringComparison.Ordinal) ? "sk-***" : "***";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
