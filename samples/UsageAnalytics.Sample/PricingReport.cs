using System.Globalization;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <summary>
/// The sample's pricing lines: what <c>--price-book</c> changed (<see cref="Repricer"/>), and after the sync the cost
/// coverage (<see cref="CoverageCalculator"/>) and a short reconciliation (<see cref="Reconciler"/>): overall, per model and
/// the largest gaps with what explains each. Plain, culture-invariant text; money in USD with 6 decimals.
/// </summary>
internal static class PricingReport
{
    /// <summary>How many models the per-model tables list (the rest are counted): the generator's nine all show.</summary>
    public const int ModelCount = 10;

    /// <summary>How many of the largest gaps are listed (then the largest of each cause not among them).</summary>
    public const int GapCount = 5;

    /// <summary>How many of the largest gaps the reconciliation keeps to find the largest of each cause.</summary>
    private const int GapPool = 200;

    /// <summary>Re-estimates every row with the book (rows it cannot price keep their estimate) and prints the counts and
    /// the difference per model.</summary>
    /// <returns>The rows with their new estimates, in input order.</returns>
    /// <exception cref="SampleUsageException">The rows cannot be re-estimated as a whole (their estimates' sum leaves the decimal range).</exception>
    public static IReadOnlyList<UsageRecord> Reprice(IReadOnlyList<UsageRecord> records, SamplePrices prices, TextWriter output)
    {
        var (readable, unreadable) = PricedRows.Split(records, prices.Book);
        var repriced = new List<UsageRecord>(readable.Count);
        RepricingReport report;
        try
        {
            report = Repricer.Reprice(readable, prices.Book, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, row => repriced.Add(row.Record));
        }
        catch (ArgumentException ex)
        {
            // Estimates whose sum leaves the decimal range: the file cannot be re-estimated as a whole.
            throw new SampleUsageException("cannot re-estimate the usage file: " + ex.Message.ReplaceLineEndings(" "), ex);
        }

        var overall = report.Overall;
        output.WriteLine(Text(
            $"repriced:   {Rows(overall.Rows)} with {prices.Source}: {overall.RepricedRows:N0} repriced, {overall.UnpricedRows:N0} unpriced (kept their estimate){OtherRows(report)}; estimated {Money(overall.OldEstimatedCost)} -> {Money(overall.NewEstimatedCost)} {report.Currency} ({Signed(overall.Difference)})"));
        output.WriteLine(Text($"  {"by model",-26} {"rows",6} {"repriced",9} {"unpriced",9} {"old " + report.Currency,12} {"new " + report.Currency,12} {"difference",11}"));
        foreach (var (model, figures) in report.ByModel.OrderByDescending(m => Math.Abs(m.Value.Difference)).ThenBy(m => m.Key, StringComparer.Ordinal).Take(ModelCount))
        {
            output.WriteLine(Text(
                $"  {Label(model),-26} {figures.Rows,6:N0} {figures.RepricedRows,9:N0} {figures.UnpricedRows,9:N0} {Money(figures.OldEstimatedCost),12} {Money(figures.NewEstimatedCost),12} {Signed(figures.Difference),11}"));
        }

        WriteMore(output, report.ByModel.Count);
        WriteUnreadable(output, "kept unchanged", unreadable);

        // Back in input order, the unreadable rows where they were.
        var rows = new List<UsageRecord>(records.Count);
        var next = 0;
        var skipped = unreadable.Select(u => u.Index).ToHashSet();
        for (var i = 0; i < records.Count; i++)
        {
            rows.Add(skipped.Contains(i) ? records[i] : repriced[next++]);
        }

        return rows;
    }

    /// <summary>Prints the coverage and the reconciliation of the synced rows; returns the reconciliation (null when its
    /// figures could not be measured), for the HTML report.</summary>
    public static ReconciliationReport? Write(TextWriter output, IReadOnlyList<UsageRecord> records, SamplePrices prices, TimeZoneInfo timeZone)
    {
        output.WriteLine();
        output.WriteLine("== pricing ==");
        var (rows, unreadable) = PricedRows.Split(records, prices.Book);
        WriteUnreadable(output, "left out of these figures", unreadable);
        CoverageReport coverage;
        ReconciliationReport reconciliation;
        try
        {
            coverage = CoverageCalculator.Calculate(rows, new CoverageOptions { PriceBook = prices.Book });
            reconciliation = Reconciler.Reconcile(rows, new ReconciliationOptions { PriceBook = prices.Book, TimeZone = timeZone, LargestGapCount = GapPool });
        }
        catch (ArgumentException ex)
        {
            // Costs whose sum leaves the decimal range, say: the sync's result stands, only these figures are missing.
            output.WriteLine("costs:      not measured: " + ex.Message.ReplaceLineEndings(" "));
            return null;
        }

        var currency = coverage.Currency;
        output.WriteLine(Text(
            $"costs:      rows: actual {Share(coverage.Actual.Rows, coverage.Actual.RowShare)}, estimated {Share(coverage.Estimated.Rows, coverage.Estimated.RowShare)}, unpriced {Share(coverage.Unpriced.Rows, coverage.Unpriced.RowShare)}{OtherRows(coverage.OtherCurrencyRows, currency)}"));
        output.WriteLine(Text(
            $"            spend {currency}: actual {Money(coverage.Actual.Spend)} ({Percent(coverage.Actual.SpendShare)}), estimated {Money(coverage.Estimated.Spend)} ({Percent(coverage.Estimated.SpendShare)}), unpriced {Money(coverage.Unpriced.Spend)} ({Percent(coverage.Unpriced.SpendShare)}, their own estimates)"));
        output.WriteLine(coverage.UnpricedModels.Count == 0
            ? "unpriced:   none (the price book prices every row without an actual cost)"
            : "unpriced:   " + string.Join(", ", coverage.UnpricedModels.Select(m => Text($"{Label(m.Model)} {m.Rows:N0} {(m.Rows == 1 ? "row" : "rows")} ({Why(m.Status)})"))));

        var overall = reconciliation.Overall;
        if (overall.Rows == 0)
        {
            output.WriteLine("reconciled: no row has an actual cost yet");
            return reconciliation;
        }

        output.WriteLine(Text(
            $"reconciled: {Rows(overall.Rows)} with an actual cost: estimated {Money(overall.Estimated)}, actual {Money(overall.Actual)} {currency}, difference {Signed(overall.Difference)} (actual/estimated {Ratio(overall.Ratio)}); {overall.OutsideToleranceRows:N0} outside ±{reconciliation.Tolerance * 100:0.#}%"));
        output.WriteLine(Text(
            $"explained:  by token counts {Signed(overall.TokenEffect)}, by price {Signed(overall.PriceEffect)}, unsplit {Signed(overall.UnattributedDifference)}{Unsplit(overall.UnattributedRows)}"));

        output.WriteLine();
        output.WriteLine(Text(
            $"{"reconciled by model",-28} {"rows",6} {"estimated " + currency,14} {"actual " + currency,12} {"difference",11} {"ratio",6} {"outside",8} {"tokens " + currency,11} {"price " + currency,11}"));
        foreach (var (model, f) in reconciliation.ByModel.OrderByDescending(m => m.Value.Actual).ThenBy(m => m.Key, StringComparer.Ordinal).Take(ModelCount))
        {
            output.WriteLine(Text(
                $"  {Label(model),-26} {f.Rows,6:N0} {Money(f.Estimated),14} {Money(f.Actual),12} {Signed(f.Difference),11} {Ratio(f.Ratio),6} {f.OutsideToleranceRows,8:N0} {Signed(f.TokenEffect),11} {Signed(f.PriceEffect),11}"));
        }

        WriteMore(output, reconciliation.ByModel.Count);

        output.WriteLine();
        if (reconciliation.LargestGaps.Count == 0)
        {
            output.WriteLine("largest gaps: none (every estimate equals its actual cost)");
            return reconciliation;
        }

        output.WriteLine(Text($"{"largest gaps",-28} {"request",-15} {"estimated",10} {"actual",10} {"difference",11}  explained by"));
        foreach (var gap in Gaps(reconciliation.LargestGaps))
        {
            output.WriteLine(Text(
                $"  {Label(gap.Record.Model ?? string.Empty),-26} {Id(gap.Record.RequestId),-15} {Money(gap.Estimated),10} {Money(gap.Actual),10} {Signed(gap.Difference),11}  {Explain(gap)}"));
        }

        return reconciliation;
    }

    /// <summary>The <see cref="GapCount"/> largest gaps, then the largest gap of each cause none of them has, so every kind
    /// of explanation shows.</summary>
    internal static IEnumerable<ReconciliationRow> Gaps(IReadOnlyList<ReconciliationRow> largest)
    {
        var shown = largest.Take(GapCount).ToList();
        var causes = shown.Select(g => g.Cause).ToHashSet();
        foreach (var gap in largest.Skip(GapCount))
        {
            if (causes.Add(gap.Cause))
            {
                shown.Add(gap);
            }
        }

        return shown;
    }

    /// <summary>What explains one row's gap, with the amounts and the token counts behind them.</summary>
    internal static string Explain(ReconciliationRow gap)
    {
        var record = gap.Record;
        var tokens = Text($"LiteLLM counted {gap.SpendLogPromptTokens:N0} + {gap.SpendLogCompletionTokens:N0} tokens, the row {record.PromptTokens:N0} + {record.CompletionTokens:N0}");
        return gap.Cause switch
        {
            ReconciliationCause.Price => Text($"price {Signed(gap.PriceEffect ?? 0)} (same tokens, another rate)"),
            ReconciliationCause.TokenCounts => Text($"tokens {Signed(gap.TokenEffect ?? 0)} ({tokens})"),
            ReconciliationCause.TokenCountsAndPrice => Text($"tokens {Signed(gap.TokenEffect ?? 0)} ({tokens}), price {Signed(gap.PriceEffect ?? 0)}"),
            ReconciliationCause.TokenCountsUnpriced => Text($"unsplit: {tokens}, and the price book cannot price {Label(record.Model ?? string.Empty)}"),
            ReconciliationCause.SpendLogTokensMissing => "unsplit: the spend log's token counts are not in the row's breakdown",
            _ => "no difference",
        };
    }

    private static string Unsplit(long rows) => rows == 0
        ? string.Empty
        : Text($" ({rows:N0} {(rows == 1 ? "row" : "rows")}: tokens differ on a model the book cannot price, or the spend log's token counts are missing)");

    private static void WriteUnreadable(TextWriter output, string what, List<(int Index, string Problem)> unreadable)
    {
        if (unreadable.Count > 0)
        {
            output.WriteLine(Text(
                $"unreadable: {Rows(unreadable.Count)} whose breakdown's estimated speech part is not a cost, {what} (row {unreadable[0].Index + 1}: {unreadable[0].Problem})"));
        }
    }

    private static string Rows(long count) => Text($"{count:N0} {(count == 1 ? "row" : "rows")}");

    private static string Why(PriceStatus status) => status switch
    {
        PriceStatus.UnknownModel => "not in the price book",
        PriceStatus.NoModel => "no model",
        PriceStatus.NoApplicableRate => "no rate for what it used",
        _ => status.ToString(),
    };

    private static void WriteMore(TextWriter output, int count)
    {
        if (count > ModelCount)
        {
            output.WriteLine(Text($"  ({count - ModelCount:N0} more)"));
        }
    }

    private static string OtherRows(RepricingReport report) =>
        report.OutsideRangeRows + report.OtherCurrencyRows == 0 ? string.Empty : Text($", {report.OtherCurrencyRows:N0} in another currency (unchanged)");

    private static string OtherRows(long rows, string currency) =>
        rows == 0 ? string.Empty : Text($"; {rows:N0} rows in another currency than {currency} not counted");

    private static string Label(string model) => model.Length == 0 ? "(no model)" : model.Length <= 26 ? model : model[..25] + "…";

    private static string Id(string? id) => string.IsNullOrWhiteSpace(id) ? "(no id)" : id.Length <= 14 ? id : id[..13] + "…";

    private static string Share(long rows, decimal? share) => Text($"{rows:N0} ({Percent(share)})");

    private static string Percent(decimal? share) => share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    private static string Ratio(decimal? ratio) => ratio is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "-";

    private static string Money(decimal value) => value.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Signed(decimal value) => value.ToString("+0.000000;-0.000000;0.000000", CultureInfo.InvariantCulture);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
