using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>One pass of <see cref="CoverageCalculator"/>: three running sums and the unpriced models; memory is
/// O(unpriced models), never O(rows). Not thread-safe.</summary>
internal sealed class CoverageRun(CoverageOptions options)
{
    private readonly Dictionary<(string Model, PriceStatus Status), (long Rows, decimal Spend)> _unpriced = [];
    private long _position;
    private long _actualRows;
    private long _estimatedRows;
    private long _unpricedRows;
    private decimal _actualSpend;
    private decimal _estimatedSpend;
    private decimal _unpricedSpend;
    private long _otherCurrency;

    public void Add(UsageRecord? candidate)
    {
        var record = RowRules.NotNull(candidate, _position++);
        if (!RowRules.SameCurrency(record.Currency, options.Currency))
        {
            _otherCurrency++;
            return;
        }

        RowRules.Check(record, needsTimestamp: false);
        try
        {
            Classify(record);
        }
        catch (OverflowException ex)
        {
            throw RowRules.OutOfRange(record, ex);
        }
    }

    public CoverageReport ToReport()
    {
        var rows = _actualRows + _estimatedRows + _unpricedRows;
        var spend = _actualSpend + _estimatedSpend + _unpricedSpend;
        return new CoverageReport
        {
            Currency = options.Currency,
            UsedPriceBook = options.PriceBook is not null,
            Rows = rows,
            Spend = spend,
            Actual = Share(_actualRows, _actualSpend, rows, spend),
            Estimated = Share(_estimatedRows, _estimatedSpend, rows, spend),
            Unpriced = Share(_unpricedRows, _unpricedSpend, rows, spend),
            UnpricedModels = _unpriced
                .Select(pair => new CoverageUnpricedModel { Model = pair.Key.Model, Status = pair.Key.Status, Rows = pair.Value.Rows, Spend = pair.Value.Spend })
                .OrderByDescending(model => model.Rows)
                .ThenBy(model => model.Model, StringComparer.Ordinal)
                .ThenBy(model => model.Status)
                .ToList()
                .AsReadOnly(),
            OtherCurrencyRows = _otherCurrency,
        };
    }

    private void Classify(UsageRecord record)
    {
        if (record.ActualCost is { } actual)
        {
            _actualSpend += actual;
            _actualRows++;
            return;
        }

        if (options.PriceBook is not { } book)
        {
            _estimatedSpend += record.EstimatedCost;
            _estimatedRows++;
            return;
        }

        if (BookPricing.Usable(book, record, out var estimate) is { } priced)
        {
            _estimatedSpend += BookPricing.RowEstimate(priced, record, options.CostMerging);
            _estimatedRows++;
            return;
        }

        _unpricedSpend += record.EstimatedCost;
        _unpricedRows++;
        var key = (RowRules.ModelKey(record), estimate.Status);
        _unpriced[key] = _unpriced.TryGetValue(key, out var seen)
            ? (seen.Rows + 1, seen.Spend + record.EstimatedCost)
            : (1, record.EstimatedCost);
    }

    private static CoverageShare Share(long rows, decimal spend, long totalRows, decimal totalSpend) => new()
    {
        Rows = rows,
        Spend = spend,
        RowShare = totalRows == 0 ? null : (decimal)rows / totalRows,
        SpendShare = totalSpend == 0m ? null : spend / totalSpend,
    };
}
