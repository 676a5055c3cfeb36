using UsageAnalytics.Costs;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <summary>
/// Sets apart the rows a price book cannot re-estimate or measure because their breakdown's estimated speech part
/// (<c>estimated_stt_cost</c> / <c>estimated_tts_cost</c>) is not a non-negative number: the library refuses such a row
/// with <see cref="CostBreakdownException"/> (as the sync fails it as a malformed breakdown), and one such row must not end
/// the whole report. Each row that has a part is tried alone, with the library's own calls, so the rule is the library's.
/// </summary>
internal static class PricedRows
{
    private static readonly CostMergeOptions _keys = new();

    /// <summary>The rows the pricing calls can read, and the positions and reasons of those they cannot.</summary>
    public static (List<UsageRecord> Readable, List<(int Index, string Problem)> Unreadable) Split(IReadOnlyList<UsageRecord> records, PriceBook book)
    {
        var readable = new List<UsageRecord>(records.Count);
        var unreadable = new List<(int, string)>();
        for (var i = 0; i < records.Count; i++)
        {
            if (Problem(records[i], book) is { } problem)
            {
                unreadable.Add((i, problem));
            }
            else
            {
                readable.Add(records[i]);
            }
        }

        return (readable, unreadable);
    }

    /// <summary>Why the pricing calls refuse the row, or null when they read it.</summary>
    private static string? Problem(UsageRecord record, PriceBook book)
    {
        if (record.CostBreakdown is not { } breakdown
            || !(breakdown.ContainsKey(_keys.EstimatedSttCostKey) || breakdown.ContainsKey(_keys.EstimatedTtsCostKey)))
        {
            return null;
        }

        try
        {
            // Unactualized, so that coverage prices it with the book as it would an estimated row.
            _ = Repricer.Reprice([record], book, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
            _ = CoverageCalculator.Calculate([record with { ActualCost = null }], new CoverageOptions { PriceBook = book });
            _ = Reconciler.Compare(record, new ReconciliationOptions { PriceBook = book });
            return null;
        }
        catch (CostBreakdownException ex)
        {
            return ex.Message;
        }
    }
}
