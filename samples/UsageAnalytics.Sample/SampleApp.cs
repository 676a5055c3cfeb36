using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UsageAnalytics.Costs;
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.LiteLLMEmulator;
using UsageAnalytics.Records;
using UsageAnalytics.Sync;

namespace UsageAnalytics.Sample;

/// <summary>The sample: embedded emulator by default, a real LiteLLM proxy when one is configured.</summary>
internal static class SampleApp
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    private const string BaseUrlKey = "UsageAnalytics:LiteLLM:BaseUrl";

    /// <summary>Runs the sample.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">The configuration from the environment (<c>UsageAnalytics__LiteLLM__BaseUrl</c>...).</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="error">Where one-line errors go.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The exit code: 0 success, 1 the run failed, 2 bad arguments or file.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        IConfiguration environment,
        TextWriter output,
        TextWriter error,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
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

            if (options.SpendLogsFile is { } spendLogs)
            {
                return await RunSpendLogFileAsync(options, spendLogs, output, timeProvider, cancellationToken);
            }

            var fileRecords = options.UsageFile is { } path
                ? await UsageJsonLines.ReadFileAsync(path, cancellationToken)
                : null;
            return string.IsNullOrWhiteSpace(environment[BaseUrlKey])
                ? await RunEmbeddedAsync(options, fileRecords, environment, output, timeProvider, cancellationToken)
                : await RunAgainstProxyAsync(options, fileRecords, environment, output, timeProvider, cancellationToken);
        }
        catch (SampleUsageException ex)
        {
            error.WriteLine("error: " + ex.Message);
            return ExitUsage;
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
        output.WriteLine("dashboard: OK");
        return ExitOk;
    }

    private static async Task<int> RunEmbeddedAsync(
        SampleOptions options,
        IReadOnlyList<UsageRecord>? fileRecords,
        IConfiguration environment,
        TextWriter output,
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

        output.WriteLine("UsageAnalytics sample (embedded LiteLLM emulator)");
        output.WriteLine(Text($"emulator:   {emulator.BaseUrl} key {Mask(emulator.ApiKey)} faults={(options.Faults ? "on" : "off")}"));

        IReadOnlyList<UsageRecord> records;
        if (fileRecords is not null)
        {
            var mirrored = Mirror(fileRecords, new CostBreakdownMerger());
            emulator.AddRows(mirrored);
            records = fileRecords;
            output.WriteLine(Text($"usage file: {fileRecords.Count} rows from {options.UsageFile}; emulator serves {mirrored.Count} matching spend-log rows"));
        }
        else
        {
            var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions
            {
                Seed = options.Seed,
                RowCount = options.Rows,
                Days = options.Days,
                End = now,
            });
            emulator.AddRows(generated.SpendLogs);
            records = generated.UsageRecords;
            output.WriteLine(Text(
                $"generated:  {records.Count} usage rows with estimated costs, {generated.SpendLogs.Count} spend-log rows over {options.Days} days (seed {options.Seed})"));
        }

        if (options.Faults)
        {
            // Kept under the resilience pipeline's circuit-breaker ratio (10%), so retries win and the run completes.
            emulator.Faults = new EmulatorFaults
            {
                Seed = options.Seed,
                Latency = TimeSpan.FromMilliseconds(5),
                RateLimitFraction = 0.04,
                RetryAfterSeconds = 0,
                ServerErrorFraction = 0.02,
                MalformedRowFraction = 0.03,
                BrokenBodyFraction = 0.01,
                NullBodyFraction = 0.01,
            };
            output.WriteLine(
                "faults:     429 4% (Retry-After 0), 500 2%, malformed rows 3%, broken bodies 1%, [null] bodies 1%, batch-writer delay 60 s (sync minimum age 5 s)");
        }

        var settings = new Dictionary<string, string?>
        {
            ["UsageAnalytics:Enabled"] = "true",
            [BaseUrlKey] = emulator.BaseUrl.ToString(),
            ["UsageAnalytics:LiteLLM:ApiKey"] = emulator.ApiKey,
            ["UsageAnalytics:LiteLLM:Resilience:Retry:Delay"] = "00:00:00.050",
        };
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
        var (final, sync) = await SyncAsync(services, records, output, options.Timing, cancellationToken);
        WriteDashboard(options, report, final, fileRecords is null ? "generated" : "usage_file", sync, timeProvider);
        return ExitOk;
    }

    private static async Task<int> RunAgainstProxyAsync(
        SampleOptions options,
        IReadOnlyList<UsageRecord>? fileRecords,
        IConfiguration environment,
        TextWriter output,
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

        if (fileRecords is not null)
        {
            output.WriteLine(Text($"usage file: {fileRecords.Count} rows from {options.UsageFile}"));
            var (final, sync) = await SyncAsync(services, fileRecords, output, options.Timing, cancellationToken);
            WriteDashboard(options, report, final, "usage_file", sync, timeProvider);
            return ExitOk;
        }

        var to = options.To ?? timeProvider.GetUtcNow();
        var from = options.From ?? to.AddDays(-7);
        output.WriteLine(Text($"window:     {from.UtcDateTime:yyyy-MM-dd HH:mm:ss} .. {to.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC"));
        var records = new List<UsageRecord>();
        await foreach (var entry in services.GetRequiredService<ISpendLogClient>().ListAsync(new SpendLogQuery { From = from, To = to }, cancellationToken))
        {
            records.Add(entry.ToUsageRecord());
        }

        output.WriteLine(Text($"listed:     {records.Count} spend-log rows"));
        WriteDashboard(options, report, records, "proxy", sync: null, timeProvider);
        return ExitOk;
    }

    private static async Task<(IReadOnlyList<UsageRecord> Final, SyncResult Result)> SyncAsync(
        ServiceProvider services, IReadOnlyList<UsageRecord> records, TextWriter output, bool timing, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var merger = services.GetRequiredService<CostBreakdownMerger>();
        var updated = new ConcurrentDictionary<string, UsageRecord>(StringComparer.Ordinal);
        var progress = new MaxProgress();
        output.WriteLine(Text($"syncing:    {records.Count} usage rows through ActualCostSynchronizer -> LiteLLMSpendLogClient"));

        var result = await services.GetRequiredService<ActualCostSynchronizer>().SynchronizeAsync(
            records,
            (record, _) =>
            {
                // The host would store the row here; the sample keeps it in memory, keyed by its request id. A row
                // whose id was found only inside its breakdown gets the id backfilled, as a host would store it.
                if (IdOf(record, merger) is { } id)
                {
                    updated[id] = record.HasRequestId ? record : record with { RequestId = id };
                }

                return ValueTask.CompletedTask;
            },
            progress,
            cancellationToken);

        var elapsed = Stopwatch.GetElapsedTime(started);
        output.WriteLine(Text($"progress:   {progress.Processed}/{records.Count} processed"));
        if (timing)
        {
            var concurrency = services.GetRequiredService<IOptions<UsageAnalyticsOptions>>().Value.Sync.MaxConcurrency;
            var rate = records.Count / Math.Max(elapsed.TotalSeconds, 1e-9);
            output.WriteLine(Text($"timing:     {records.Count} rows synced in {elapsed.TotalSeconds:0.000} s = {rate:N0} rows/s (up to {concurrency} concurrent lookups)"));
        }

        var final = records
            .Select(record => !record.IsActualized && IdOf(record, merger) is { } id && updated.TryGetValue(id, out var merged) ? merged : record)
            .ToList();
        return (final, result);
    }

    private static void WriteDashboard(
        SampleOptions options, TextWriter output, IReadOnlyList<UsageRecord> records, string source, SyncResult? sync, TimeProvider timeProvider)
    {
        var dashboard = new DashboardBuilder(options.TimeZone);
        dashboard.AddAll(records);
        var report = dashboard.Build(options.Now ?? timeProvider.GetUtcNow());
        if (options.Json)
        {
            Dashboard.WriteJson(output, report, new Dashboard.Source(source), sync);
            return;
        }

        Dashboard.Write(output, report, new Dashboard.Source(source), sync);
        output.WriteLine("dashboard: OK");
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
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddSingleton(timeProvider);
        services.AddUsageAnalytics(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        // No host here to run the start-up validation: trigger it, so bad settings fail now, by their keys.
        provider.GetService<IStartupValidator>()?.Validate();
        return provider;
    }

    /// <summary>Spend-log rows a proxy would hold for the file's rows (embedded mode): LiteLLM bills 4% under the estimate.</summary>
    private static List<SpendLogRow> Mirror(IReadOnlyList<UsageRecord> records, CostBreakdownMerger merger)
    {
        var rows = new List<SpendLogRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (IdOf(record, merger) is not { } id || !seen.Add(id))
            {
                continue;
            }

            var llm = record.CostBreakdown?["estimated_llm_cost"] is JsonValue value
                && decimal.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var part)
                ? part
                : record.EstimatedCost;
            var latency = TimeSpan.FromMilliseconds(record.LatencyMs ?? 800);
            rows.Add(new SpendLogRow
            {
                RequestId = id,
                Spend = record.IsSuccess ? (double)(llm * 0.96m) : 0,
                PromptTokens = record.PromptTokens,
                CompletionTokens = record.CompletionTokens,
                StartTime = record.Timestamp,
                EndTime = record.Timestamp + latency,
                Model = record.Model,
                ModelGroup = record.Model,
                Provider = record.Provider,
                User = record.UserId,
                TeamId = record.TeamId,
                SessionId = record.SessionId,
                Status = record.IsSuccess ? "success" : "failure",
                RequestTags = record.Tags,
                Metadata = new JsonObject { ["user_api_key_alias"] = record.KeyAlias },
            });
        }

        return rows;
    }

    private static string? IdOf(UsageRecord record, CostBreakdownMerger merger) =>
        record.HasRequestId ? record.RequestId : merger.ExtractRequestId(record.CostBreakdown);

    /// <summary>Never print a key: only its kind survives.</summary>
    private static string Mask(string? key) => string.IsNullOrEmpty(key) ? "(none)" : key.StartsWith("sk-", StringComparison.Ordinal) ? "sk-***" : "***";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Synchronous progress sink (Progress&lt;T&gt; would post to the thread pool and print out of order).</summary>
    private sealed class MaxProgress : IProgress<SyncProgress>
    {
        private int _processed;

        public int Processed => Volatile.Read(ref _processed);

        public void Report(SyncProgress value)
        {
            int current;
            do
            {
                current = Volatile.Read(ref _processed);
                if (value.Processed <= current)
                {
                    return;
                }
            }
            while (Interlocked.CompareExchange(ref _processed, value.Processed, current) != current);
        }
    }
}
