using System.Globalization;

namespace UsageAnalytics.Sample;

/// <summary>Parses the sample's command line (no third-party parser: the options are few).</summary>
internal static class SampleArguments
{
    /// <summary>ISO-8601 with a stated offset; the literal-Z forms are read as UTC (AssumeUniversal).</summary>
    private static readonly string[] _instantFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm'Z'",
        "yyyy-MM-dd'T'HH:mmzzz",
    ];

    /// <summary>The most <c>--runs</c> accepted.</summary>
    public const int MaxRuns = 20;

    public const string HelpText = """
        Usage: dotnet run --project samples/UsageAnalytics.Sample -- [options]

        With no configuration, starts an embedded LiteLLM emulator on 127.0.0.1, generates usage rows with costs
        estimated by a price book, syncs their actual costs through UsageAnalytics.Http, and prints the cost coverage,
        a reconciliation of estimated against actual costs and a dashboard. The price book is LiteLLM's price file
        in ../shared/data/litellm beside the repository when it is there, else the sample's demo price list.
        With UsageAnalytics__LiteLLM__BaseUrl and UsageAnalytics__LiteLLM__ApiKey set, talks to that proxy instead.

        Options:
          --rows N         usage rows to generate (embedded mode; default 300)
          --days N         days of history to generate (embedded mode; default 7)
          --seed N         generator seed (embedded mode; default 42)
          --faults         emulator injects faults into 10% of spend-log answers (429 3%, 500 2%, cut-off bodies
                           2%, [null] bodies 1%, malformed rows 2%) and a 60 s batch-writer delay
          --from DATE      start of the spend-log window (proxy mode; default: --to minus 7 days)
          --to DATE        end of the spend-log window (proxy mode; default: now)
          --usage FILE     sync the usage rows of a JSON Lines file (one UsageRecord per line; camelCase or
                           snake_case keys, see README.md)
          --write FILE     after the sync, write every row (actual costs included) to FILE as JSON Lines in the
                           --usage format, so the next run continues where this one stopped (FILE may be the
                           --usage file; it is replaced in one move, never left half written)
          --price-book FILE  re-estimate every row of the --usage file with this price file (LiteLLM's
                           model_prices_and_context_window.json format) before the sync; prints the rows repriced
                           and unpriced (those keep their estimate) and the difference per model; --write then
                           writes the new estimates. A file that is not a price file exits 1 naming the model and field
          --runs N         sync the same rows N times, each run over the previous run's output, one line per
                           run (default 1, at most 20)
          --spend-logs FILE  analyse LiteLLM spend-log rows exported to a file, no proxy needed: JSON Lines
                           (one row per line), a saved /spend/logs/v2 body ({"data":[...]}) or a JSON array
                           of rows (v1); malformed rows are counted and listed, never fatal
          --time-zone ID   time zone of every day and hour figure: IANA (America/Los_Angeles) or Windows
                           ("Pacific Standard Time") id; default UTC
          --now TIMESTAMP  fix "now" for the recent-activity figures (ISO-8601 with offset,
                           2026-08-06T14:30:00Z); default the clock's now
          --json           print the summary as JSON (the /usage response shape, see README.md) instead of text
          --live           live monitor instead of the sync: the emulator's generator sends a steady stream of
                           calls from a few tasks into the UsageMonitor registered by AddUsageAnalytics; the
                           console redraws this minute/hour/today, the top models and the budgets about once a
                           second and prints the monitor's events (lines instead of redraws when redirected)
          --live-seconds N how long --live runs (default 5, at most 3600)
          --otel-console   export the GenAI metrics (gen_ai.client.token.usage, gen_ai.client.operation.duration,
                           gen_ai.usage.cost...) to the console with OpenTelemetry's console exporter
          --report FILE    write the HTML usage report to FILE (default usage-report.html in the working
                           directory; one self-contained page: open it in a browser, print it or save it as PDF)
          --no-report      do not write the HTML report
          --export DIR     also write the rows and figures to DIR: usage.csv (RFC 4180), usage.jsonl, by-model.csv,
                           daily.csv, focus.csv (FinOps FOCUS 1.2 cost rows) and chargeback-by-team.csv (to the cent)
          --verbose        library logs (Information and up) on stderr
          --timing         print the sync's wall time and rows/s (concurrency: UsageAnalytics__Sync__MaxConcurrency)
          -h, --help       this text

        DATE is ISO-8601 (2026-08-06 or 2026-08-06T14:30:00Z); without an offset it is UTC.
        Units: latency and time to first token in ms, money in USD (the rows' one currency), rates in percent.
        Exit codes: 0 success; 1 the run failed: the proxy rejected the key (the sync stops after its first
        lookups), could not be reached, or every lookup failed (the last line is then "dashboard: FAILED (reason)"
        and stderr holds one "error: ..." line), or the price file cannot be read or is not a price file (one
        "error: ..." line naming the model and field); 2 bad arguments, file or configuration.
        """;

    /// <summary>Parses the arguments.</summary>
    /// <exception cref="SampleUsageException">An option is unknown, lacks its value or has an invalid one.</exception>
    public static SampleOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SampleOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            options = arg switch
            {
                "-h" or "--help" => options with { Help = true },
                "--faults" => options with { Faults = true },
                "--verbose" => options with { Verbose = true },
                "--timing" => options with { Timing = true },
                "--rows" => options with { Rows = Int(arg, Value(args, ref i), 0, 1_000_000) },
                "--days" => options with { Days = Int(arg, Value(args, ref i), 1, 3650) },
                "--seed" => options with { Seed = Int(arg, Value(args, ref i), int.MinValue, int.MaxValue) },
                "--from" => options with { From = Date(arg, Value(args, ref i)) },
                "--to" => options with { To = Date(arg, Value(args, ref i)) },
                "--usage" => options with { UsageFile = Value(args, ref i) },
                "--write" => options with { WriteFile = Value(args, ref i) },
                "--price-book" => options with { PriceBookFile = Value(args, ref i) },
                "--runs" => options with { Runs = Int(arg, Value(args, ref i), 1, MaxRuns) },
                "--spend-logs" => options with { SpendLogsFile = Value(args, ref i) },
                "--time-zone" => options with { TimeZone = Zone(arg, Value(args, ref i)) },
                "--now" => options with { Now = Instant(arg, Value(args, ref i)) },
                "--json" => options with { Json = true },
                "--live" => options with { Live = true },
                "--live-seconds" => options with { LiveSeconds = Int(arg, Value(args, ref i), 1, 3600) },
                "--otel-console" => options with { OtelConsole = true },
                "--report" => options with { ReportFile = Value(args, ref i) },
                "--no-report" => options with { ReportFile = null },
                "--export" => options with { ExportDirectory = Value(args, ref i) },
                _ => throw new SampleUsageException($"unknown option '{arg}' (see --help)"),
            };
        }

        if (options.From is { } from && options.To is { } to && to < from)
        {
            throw new SampleUsageException("--to must not be before --from");
        }

        if (options.UsageFile is not null && options.SpendLogsFile is not null)
        {
            throw new SampleUsageException("--usage and --spend-logs cannot be combined: one source of rows per run");
        }

        if (options.WriteFile is not null && options.SpendLogsFile is not null)
        {
            throw new SampleUsageException("--write cannot be combined with --spend-logs: spend-log rows are analysed, not synced");
        }

        if (options.PriceBookFile is not null && options.UsageFile is null)
        {
            throw new SampleUsageException("--price-book re-estimates the rows of a usage file: give --usage FILE too");
        }

        if (options.Live && (options.SpendLogsFile is not null || options.UsageFile is not null || options.Json || options.Runs > 1))
        {
            throw new SampleUsageException("--live generates its own traffic: it cannot be combined with --spend-logs, --usage, --json or --runs");
        }

        if (options.ExportDirectory is not null && (options.Live || options.SpendLogsFile is not null))
        {
            throw new SampleUsageException("--export writes the rows of a sync: it cannot be combined with --live or --spend-logs");
        }

        if (options.Runs > 1 && options.SpendLogsFile is not null)
        {
            throw new SampleUsageException("--runs cannot be combined with --spend-logs: there is no sync to repeat");
        }

        return options;
    }

    /// <summary>Resolves an IANA or Windows time zone id (either works on every OS where the runtime can map it).</summary>
    internal static TimeZoneInfo Zone(string option, string id)
    {
        if (!string.IsNullOrWhiteSpace(id))
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                return zone;
            }

            if ((TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var other) || TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out other))
                && TimeZoneInfo.TryFindSystemTimeZoneById(other, out zone))
            {
                return zone;
            }
        }

        throw new SampleUsageException(
            $"option '{option}' needs a known IANA or Windows time zone id (America/Los_Angeles, \"Pacific Standard Time\", UTC), not '{id}'");
    }

    /// <summary>Reads an ISO-8601 instant that states its offset (Z or ±hh:mm): "now" must not depend on the machine's zone.</summary>
    private static DateTimeOffset Instant(string option, string text)
    {
        if (!DateTimeOffset.TryParseExact(text, _instantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new SampleUsageException(
                $"option '{option}' needs an ISO-8601 timestamp with an offset (2026-08-06T14:30:00Z or 2026-08-06T07:30:00-07:00), not '{text}'");
        }

        return value;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new SampleUsageException($"option '{args[i]}' needs a value (see --help)");
        }

        i++;
        return args[i];
    }

    private static int Int(string option, string text, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new SampleUsageException(string.Create(
                CultureInfo.InvariantCulture, $"option '{option}' needs an integer from {min} to {max}, not '{text}'"));
        }

        return value;
    }

    private static DateTimeOffset Date(string option, string text)
    {
        if (!DateTimeOffset.TryParse(
            text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw new SampleUsageException($"option '{option}' needs an ISO-8601 date, not '{text}'");
        }

        return value;
    }
}
