using UsageAnalytics.Analytics;
using UsageAnalytics.Export.Internal;

namespace UsageAnalytics.Export;

/// <summary>
/// Renders a <see cref="UsageSummary"/> as one self-contained HTML5 document: headline tiles, a daily cost chart, cost
/// by model and by team, latency percentiles by model, top users, and budgets, alerts and estimated-vs-actual cost when
/// present.
/// </summary>
/// <remarks>
/// <para>Self-contained and inert: inline CSS and inline SVG only; no script, no event-handler attribute, no external
/// URL, font or image, so it opens offline and in mail clients, and a browser's "Save as PDF" prints it (a print
/// stylesheet keeps tiles and rows on one page and drops backgrounds).</para>
/// <para>Every user-supplied string (title, model, team, user, rule and budget names, zone id) is HTML-escaped with the
/// OWASP rule for HTML content: <c>&amp; &lt; &gt; " ' /</c> plus <c>=</c> and <c>`</c> become character references,
/// and control characters become U+FFFD.</para>
/// <para>Formatting never depends on the current culture: numbers use the invariant culture, money is shown with the
/// summary's <see cref="UsageSummary.Currency"/> code ("12.34 USD"; amounts under 0.01 keep two significant digits,
/// "0.0042 USD"), rates as percentages with one decimal, latencies in milliseconds, and every date and time in the
/// summary's <see cref="UsageSummary.TimeZone"/>, named by its id. Money of different currencies is never added:
/// budgets and the reconciliation are shown in their own currencies.</para>
/// <para>Size is bounded whatever the row count: tables show at most <see cref="UsageReportOptions.MaxTableRows"/> rows
/// plus one summary row, and the daily chart at most the last 400 days.</para>
/// </remarks>
public static class UsageReport
{
    /// <summary>Renders the report to a string.</summary>
    /// <param name="summary">The summary to report (its totals, groups by model, team and user, day buckets, comparisons).</param>
    /// <param name="options">What else to show; <see langword="null"/> uses the defaults.</param>
    /// <returns>The HTML document (UTF-8 declared; encode the string as UTF-8 when saving it).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is <see langword="null"/>, or
    /// <see cref="UsageReportOptions.Title"/> is.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="UsageReportOptions.MaxTableRows"/> or
    /// <see cref="UsageReportOptions.TopUserCount"/> is less than 1.</exception>
    public static string Render(UsageSummary summary, UsageReportOptions? options = null) =>
        Build(summary, options).ToString();

    /// <summary>Writes the report to <paramref name="writer"/> and flushes it (the writer is not closed).</summary>
    /// <param name="summary">The summary to report.</param>
    /// <param name="writer">The destination, for example a <see cref="StreamWriter"/> over a UTF-8 file.</param>
    /// <param name="options">What else to show; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the document is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> or <paramref name="writer"/> is
    /// <see langword="null"/>, or <see cref="UsageReportOptions.Title"/> is.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="UsageReportOptions.MaxTableRows"/> or
    /// <see cref="UsageReportOptions.TopUserCount"/> is less than 1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <remarks>The document is composed in memory first (its size is bounded by the table caps, not by the row count)
    /// and then written asynchronously.</remarks>
    public static async Task WriteAsync(UsageSummary summary, TextWriter writer, UsageReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var html = Build(summary, options);
        cancellationToken.ThrowIfCancellationRequested();
        await writer.WriteAsync(html, cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static System.Text.StringBuilder Build(UsageSummary summary, UsageReportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(summary);
        options ??= new UsageReportOptions();
        ArgumentNullException.ThrowIfNull(options.Title, nameof(options) + "." + nameof(options.Title));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTableRows, 1, nameof(options) + "." + nameof(options.MaxTableRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TopUserCount, 1, nameof(options) + "." + nameof(options.TopUserCount));
        return new ReportBuilder(summary, options).Build();
    }
}
