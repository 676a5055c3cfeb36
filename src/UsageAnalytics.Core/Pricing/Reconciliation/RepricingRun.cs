using System.Collections.ObjectModel;
using UsageAnalytics.Costs;
using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>One pass of <see cref="Repricer"/>: re-estimates each in-range row and keeps running differences per model;
/// memory is O(models), never O(rows). Not thread-safe.</summary>
internal sealed class RepricingRun(PriceBook book, DateTimeOffset from, DateTimeOffset until, CostMergeOptions costMerging)
{
    private readonly Builder _overall = new();
    private readonly Dictionary<string, Builder> _byModel = new(StringComparer.Ordinal);
    private long _position;
    private long _outsideRange;
    private long _otherCurrency;

    public RepricedRecord Add(UsageRecord? candidate)
    {
        var record = RowRules.NotNull(candidate, _position++);
        if (record.Timestamp < from || record.Timestamp >= until)
        {
            _outsideRange++;
            return new RepricedRecord { Original = record, Record = record, Outcome = RepricingOutcome.OutsideRange };
        }

        if (!RowRules.SameCurrency(record.Currency, PriceEstimate.UsdCurrency))
        {
            _otherCurrency++;
            return new RepricedRecord { Original = record, Record = record, Outcome = RepricingOutcome.OtherCurrency };
        }

        RowRules.Check(record, needsTimestamp: false);
        try
        {
            var priced = BookPricing.Usable(book, record, out var estimate);
            var result = priced is null
                ? new RepricedRecord { Original = record, Record = record, Outcome = RepricingOutcome.Unpriced, Estimate = estimate }
                : new RepricedRecord
                {
                    Original = record,
                    Record = record with { EstimatedCost = BookPricing.RowEstimate(priced, record, costMerging) },
                    Outcome = RepricingOutcome.Repriced,
                    Estimate = estimate,
                };
            _overall.Add(result);
            if (!_byModel.TryGetValue(RowRules.ModelKey(record), out var model))
            {
                model = new Builder();
                _byModel.Add(RowRules.ModelKey(record), model);
            }

            model.Add(result);
            return result;
        }
        catch (OverflowException ex)
        {
            throw RowRules.OutOfRange(record, ex);
        }
    }

    public RepricingReport ToReport()
    {
        var byModel = new SortedDictionary<string, RepricingDifference>(StringComparer.Ordinal);
        foreach (var (model, builder) in _byModel)
        {
            byModel.Add(model, builder.ToDifference());
        }

        return new RepricingReport
        {
            Currency = PriceEstimate.UsdCurrency,
            From = from,
            Until = until,
            Overall = _overall.ToDifference(),
            ByModel = new ReadOnlyDictionary<string, RepricingDifference>(byModel),
            OutsideRangeRows = _outsideRange,
            OtherCurrencyRows = _otherCurrency,
        };
    }

    private sealed class Builder
    {
        private long _repriced;
        private long _unpriced;
        private decimal _old;
        private decimal _new;

        public void Add(RepricedRecord result)
        {
            _old += result.Original.EstimatedCost;
            _new += result.Record.EstimatedCost;
            if (result.Outcome == RepricingOutcome.Repriced)
            {
                _repriced++;
            }
            else
            {
                _unpriced++;
            }
        }

        public RepricingDifference ToDifference() => new()
        {
            Rows = _repriced + _unpriced,
            RepricedRows = _repriced,
            UnpricedRows = _unpriced,
            OldEstimatedCost = _old,
            NewEstimatedCost = _new,
            Difference = _new - _old,
        };
    }
}
