namespace UsageAnalytics.Sample;

/// <summary>The sample's command line, parsed.</summary>
internal sealed record SampleOptions
{
    public const int DefaultRows = 300;
    public const int DefaultDays = 7;
    public const int DefaultSeed = 42;

    /// <summary>Gets the number of usage rows to generate (embedded mode).</summary>
    public int Rows { get; init; } = DefaultRows;

    /// <summary>Gets the days of history to generate (embedded mode).</summary>
    public int Days { get; init; } = DefaultDays;

    /// <summary>Gets the seed of the generator (embedded mode).</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Gets whether the emulator injects its failure modes (embedded mode).</summary>
    public bool Faults { get; init; }

    /// <summary>Gets the start of the spend-log window (proxy mode); the end minus 7 days when absent.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the end of the spend-log window (proxy mode); now when absent.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Gets the JSON Lines file of usage rows to sync, when given.</summary>
    public string? UsageFile { get; init; }

    /// <summary>Gets the LiteLLM spend-log export to analyse with no proxy (JSON Lines, a /spend/logs/v2 body or a
    /// JSON array of rows), when given.</summary>
    public string? SpendLogsFile { get; init; }

    /// <summary>Gets the time zone of every day and hour figure. Defaults to UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Gets the fixed "now" of the recent-activity figures; the clock's now when absent.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Gets the LiteLLM price file that re-estimates every row of <see cref="UsageFile"/>, when given.</summary>
    public string? PriceBookFile { get; init; }

    /// <summary>Gets the JSON Lines file the rows are written to after the sync (so a later run continues), when given.</summary>
    public string? WriteFile { get; init; }

    /// <summary>Gets how many times the same rows are synced, each run over the previous run's output. Default 1.</summary>
    public int Runs { get; init; } = 1;

    /// <summary>Gets whether the summary is printed as JSON (the <c>/usage</c> shape) instead of text.</summary>
    public bool Json { get; init; }

    /// <summary>Gets whether the library's logs (Information and up) go to stderr.</summary>
    public bool Verbose { get; init; }

    /// <summary>Gets whether the sync's wall time and throughput are printed (not deterministic, so off by default).</summary>
    public bool Timing { get; init; }

    /// <summary>Gets whether only the help text was asked for.</summary>
    public bool Help { get; init; }

    /// <summary>Gets whether to run the live monitor (<c>--live</c>) instead of the sync.</summary>
    public bool Live { get; init; }

    /// <summary>Gets how long the live monitor runs (<c>--live-seconds</c>, seconds; default 5).</summary>
    public int LiveSeconds { get; init; } = DefaultLiveSeconds;

    /// <summary>Gets whether to export the GenAI metrics to the console with OpenTelemetry (<c>--otel-console</c>).</summary>
    public bool OtelConsole { get; init; }

    /// <summary>Gets the HTML report's file (<c>--report</c>; default <see cref="DefaultReportFile"/> in the working
    /// directory), or null when <c>--no-report</c> turned it off.</summary>
    public string? ReportFile { get; init; } = DefaultReportFile;

    /// <summary>Gets the folder the exports go to (<c>--export</c>): CSV, JSON Lines, FOCUS and a chargeback statement;
    /// null (the default) writes none.</summary>
    public string? ExportDirectory { get; init; }

    /// <summary>The default of <see cref="ReportFile"/>.</summary>
    public const string DefaultReportFile = "usage-report.html";

    /// <summary>The default of <see cref="LiveSeconds"/>.</summary>
    public const int DefaultLiveSeconds = 5;
}
