using System.Globalization;
using System.Text;
using UsageAnalytics.Alerts;
using UsageAnalytics.Analytics;
using UsageAnalytics.Budgets;
using UsageAnalytics.Export;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <summary>
/// The files a run leaves behind: the HTML report (<c>--report</c>, on by default) and, with <c>--export DIR</c>, the
/// rows and figures as CSV, JSON Lines, FOCUS and a chargeback statement. Each file is written beside its target and
/// moved into place, so a reader never sees half a file and two runs at once never collide.
/// </summary>
internal static class SampleExports
{
    /// <summary>Writes the HTML report and the <c>--export</c> files, and says where they are.</summary>
    public static async Task WriteFilesAsync(
        SampleOptions options,
        TextWriter output,
        UsageSummary summary,
        BudgetReport? budgets,
        AlertEvaluation? alerts,
        ReconciliationReport? reconciliation,
        IReadOnlyList<UsageRecord>? records,
        SamplePrices? prices,
        CancellationToken cancellationToken)
    {
        if (options.ReportFile is null && options.ExportDirectory is null)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("== files ==");
        if (await WriteReportAsync(options, summary, budgets, alerts, reconciliation, cancellationToken) is { } path)
        {
            output.WriteLine(Text($"report:     {path} (open it in a browser; print or save as PDF to share)"));
        }

        if (records is not null && options.ExportDirectory is not null)
        {
            output.WriteLine(Text($"exports:    {Path.GetFullPath(options.ExportDirectory)}"));
            foreach (var line in await WriteExportsAsync(options, records, summary, prices?.Book, cancellationToken))
            {
                output.WriteLine(line);
            }
        }
    }

    /// <summary>Writes the HTML report of <paramref name="summary"/> and returns its full path, or null when turned off.</summary>
    public static async Task<string?> WriteReportAsync(
        SampleOptions options,
        UsageSummary summary,
        BudgetReport? budgets,
        AlertEvaluation? alerts,
        ReconciliationReport? reconciliation,
        CancellationToken cancellationToken)
    {
        if (options.ReportFile is not { } file)
        {
            return null;
        }

        var reportOptions = new UsageReportOptions
        {
            Title = "LLM usage report (UsageAnalytics sample)",
            Budgets = budgets is { Statuses.Count: > 0 } ? budgets : null,
            Alerts = alerts,
            Reconciliation = reconciliation,
        };
        return await ReplaceAsync(file, async writer => await UsageReport.WriteAsync(summary, writer, reportOptions, cancellationToken), cancellationToken);
    }

    /// <summary>Writes every export into <see cref="SampleOptions.ExportDirectory"/>; returns one line per file.</summary>
    public static async Task<IReadOnlyList<string>> WriteExportsAsync(
        SampleOptions options, IReadOnlyList<UsageRecord> records, UsageSummary summary, PriceBook? priceBook, CancellationToken cancellationToken)
    {
        if (options.ExportDirectory is not { } directory)
        {
            return [];
        }

        Directory.CreateDirectory(directory);
        var lines = new List<string>();
        async Task Add(string name, Func<TextWriter, Task<string>> write)
        {
            string what = string.Empty;
            var path = await ReplaceAsync(Path.Combine(directory, name), async writer => what = await write(writer), cancellationToken);
            lines.Add(Text($"  {name,-24} {what} ({new FileInfo(path).Length:N0} bytes)"));
        }

        await Add("usage.csv", async writer => Text($"{await UsageCsvWriter.WriteRecordsAsync(Async(records), writer, cancellationToken: cancellationToken):N0} rows"));
        await Add("usage.jsonl", async writer =>
        {
            await writer.FlushAsync(cancellationToken);
            var stream = ((StreamWriter)writer).BaseStream;
            return Text($"{await UsageJsonSerializer.WriteRecordsJsonLinesAsync(Async(records), stream, cancellationToken):N0} rows");
        });
        await Add("by-model.csv", writer =>
        {
            UsageCsvWriter.WriteGroups(summary, UsageDimension.Model, writer);
            return Task.FromResult(Text($"{summary.GroupsOf(UsageDimension.Model).Count:N0} models"));
        });
        await Add("daily.csv", writer =>
        {
            UsageCsvWriter.WriteTimeSeries(summary, TimeBucketSize.Day, writer);
            return Task.FromResult(Text($"{summary.TimeSeriesOf(TimeBucketSize.Day).Count:N0} days in {summary.TimeZone.Id}"));
        });
        await Add("focus.csv", async writer =>
        {
            var focus = await FocusExporter.WriteAsync(Async(records), writer, new FocusExportOptions { PriceBook = priceBook, Currency = summary.Currency }, cancellationToken);
            return Text($"{focus.RowsWritten:N0} FOCUS rows, billed {focus.BilledCost} {summary.Currency}");
        });
        await Add("chargeback-by-team.csv", writer =>
        {
            var statement = ChargebackCalculator.Create(records, Chargeback(records, summary));
            statement.WriteCsv(writer);
            return Task.FromResult(Text($"{statement.Accounts.Count:N0} teams, total {statement.Total} {summary.Currency}"));
        });
        return lines;
    }

    /// <summary>The chargeback period: the whole days (UTC) the rows cover, so every row is billed once.</summary>
    private static ChargebackOptions Chargeback(IReadOnlyList<UsageRecord> records, UsageSummary summary)
    {
        var first = summary.FirstTimestamp ?? summary.AsOf;
        var last = summary.LastTimestamp ?? summary.AsOf;
        var start = new DateTimeOffset(first.UtcDateTime.Date, TimeSpan.Zero);
        var end = new DateTimeOffset(last.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
        return new ChargebackOptions { Dimension = UsageDimension.Team, PeriodStart = start, PeriodEnd = end, Currency = summary.Currency };
    }

    /// <summary>Writes through a temporary file beside <paramref name="path"/>, then moves it into place.</summary>
    private static async Task<string> ReplaceAsync(string path, Func<TextWriter, Task> write, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                await write(writer);
                await writer.FlushAsync(cancellationToken);
            }

            File.Move(temporary, full, overwrite: true);
            return full;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

#pragma warning disable CS1998 // the exports' streaming shape over rows the sample already holds
    private static async IAsyncEnumerable<UsageRecord> Async(IReadOnlyList<UsageRecord> records)
#pragma warning restore CS1998
    {
        foreach (var record in records)
        {
            yield return record;
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
