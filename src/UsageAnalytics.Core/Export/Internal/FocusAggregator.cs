using System.Runtime.InteropServices;
using UsageAnalytics.Analytics;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// Folds records into FOCUS rows: one per (UTC charge period, provider, model, team, service, tags, meter). Memory grows
/// with the number of distinct rows, never with the number of records.
/// </summary>
/// <remarks>
/// A priced record's effective cost is apportioned to its meters in proportion to the price book's list cost parts, each
/// share rounded to 18 decimal places and the residue put on the meter with the largest list part, so the shares of a
/// record add up to its cost exactly (for costs with at most 18 decimal places, which is every cost
/// <see cref="FixedMoney"/> holds). Sums are exact fixed-point (<see cref="MoneySum"/>). A record with a cost beyond
/// ±10¹⁵, or one whose costs take a sum beyond the <see cref="decimal"/> range, is an <see cref="ArgumentException"/>
/// (<see cref="FocusMoneyCheck"/>), thrown before anything is written.
/// </remarks>
internal sealed class FocusAggregator
{
    private const int ShareDecimals = 18;

    private readonly FocusExportOptions _options;
    private readonly PriceBook? _priceBook;
    private readonly Dictionary<FocusGroupKey, FocusMeterTotals> _rows = [];
    private readonly decimal[] _weights = new decimal[FocusMeterNames.Count];
    private readonly long[] _quantities = new long[FocusMeterNames.Count];
    private MoneySum _billed;
    private decimal _billedTotal;

    internal FocusAggregator(FocusExportOptions options)
    {
        _options = options;
        _priceBook = string.Equals(options.Currency, PriceEstimate.UsdCurrency, StringComparison.OrdinalIgnoreCase) ? options.PriceBook : null;
    }

    internal long Records { get; private set; }

    internal long OtherCurrencyRecords { get; private set; }

    internal long UnpricedRecords { get; private set; }

    /// <summary>The exported records whose token counts broke a rule (see <see cref="FocusExportResult.InconsistentTokenRecords"/>).</summary>
    internal long InconsistentTokenRecords { get; private set; }

    /// <summary>The exact sum of the exported costs; set by <see cref="SortedRows"/>.</summary>
    internal decimal BilledCost => _billedTotal;

    /// <summary>Adds one record.</summary>
    /// <exception cref="ArgumentNullException">The record is null.</exception>
    /// <exception cref="ArgumentException">A cost of the record is beyond ±10¹⁵, or its costs take a sum beyond the
    /// <see cref="decimal"/> range (the message names the record and the rule).</exception>
    internal void Add(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        FocusMoneyCheck.Validate(record);
        try
        {
            AddChecked(record);
        }
        catch (OverflowException ex)
        {
            throw FocusMoneyCheck.SumOutOfRange(record, ex);
        }
    }

    private void AddChecked(UsageRecord record)
    {
        Records++;
        if (!string.Equals(record.Currency, _options.Currency, StringComparison.OrdinalIgnoreCase))
        {
            OtherCurrencyRecords++;
            return;
        }

        var cost = record.EffectiveCost;
        _billed.Add(new FixedMoney(cost));

        Array.Clear(_weights);
        Array.Clear(_quantities);
        if ((record.PromptTokens | record.CompletionTokens | record.CachedPromptTokens | record.CacheWriteTokens) < 0
            || record.CachedPromptTokens > record.PromptTokens - record.CacheWriteTokens)
        {
            // Negative counts are written as 0, cache reads capped at the prompt, cache writes at what is left: counted.
            InconsistentTokenRecords++;
        }

        var prompt = Math.Max(0, record.PromptTokens);
        var cached = Math.Clamp(record.CachedPromptTokens, 0, prompt);
        var written = Math.Clamp(record.CacheWriteTokens, 0, prompt - cached);
        _quantities[(int)FocusMeter.InputTokens] = prompt - cached - written;
        _quantities[(int)FocusMeter.CachedInputTokens] = cached;
        _quantities[(int)FocusMeter.CacheWriteTokens] = written;
        _quantities[(int)FocusMeter.OutputTokens] = Math.Max(0, record.CompletionTokens);
        var tokens = prompt + _quantities[(int)FocusMeter.OutputTokens];

        var estimate = _priceBook?.Estimate(record);
        var listTotal = 0m;
        if (estimate is { IsPriced: true })
        {
            _weights[(int)FocusMeter.InputTokens] = estimate.InputCost;
            _weights[(int)FocusMeter.CachedInputTokens] = estimate.CacheReadCost;
            _weights[(int)FocusMeter.CacheWriteTokens] = estimate.CacheWriteCost;
            _weights[(int)FocusMeter.OutputTokens] = estimate.OutputCost + estimate.ReasoningCost;
            _weights[(int)FocusMeter.Requests] = estimate.AudioCost;
            foreach (var weight in _weights)
            {
                listTotal += weight;
            }
        }

        var key = new FocusGroupKey(
            PeriodStart(record.Timestamp),
            Value(record.Provider),
            Value(record.Model),
            Value(record.TeamId),
            Value(record.Service),
            TagsJson.Build(record),
            FocusMeter.Requests);

        if (estimate is not { IsPriced: true } || (listTotal <= 0m && cost != 0m))
        {
            // No price to split by: the whole cost stays on one meter, never a made-up split.
            UnpricedRecords++;
            var meter = tokens > 0 ? FocusMeter.Tokens : FocusMeter.Requests;
            Accumulate(key with { Meter = meter }, record, tokens > 0 ? tokens : 1, cost, record.EstimatedCost);
            return;
        }

        if (_weights[(int)FocusMeter.Requests] > 0m || tokens == 0)
        {
            _quantities[(int)FocusMeter.Requests] = 1;
        }

        Split(key, record, cost, listTotal);
    }

    /// <summary>
    /// Returns the rows sorted by charge period, then the keys (ordinal), then meter, with their totals computed, so an
    /// out-of-range total throws here, before the caller writes anything.
    /// </summary>
    /// <exception cref="ArgumentException">A total is beyond the <see cref="decimal"/> range.</exception>
    internal List<KeyValuePair<FocusGroupKey, FocusMeterTotals>> SortedRows()
    {
        try
        {
            _billedTotal = _billed.Total;
            foreach (var totals in _rows.Values)
            {
                totals.Complete();
            }
        }
        catch (OverflowException ex)
        {
            throw FocusMoneyCheck.TotalOutOfRange(Records, ex);
        }

        var rows = new List<KeyValuePair<FocusGroupKey, FocusMeterTotals>>(_rows);
        rows.Sort(static (a, b) => FocusGroupKey.Compare(a.Key, b.Key));
        return rows;
    }

    internal DateTime PeriodStart(DateTimeOffset timestamp)
    {
        var utc = timestamp.UtcDateTime;
        return _options.ChargePeriod == TimeBucketSize.Hour
            ? new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc)
            : new DateTime(utc.Year, utc.Month, utc.Day, 0, 0, 0, DateTimeKind.Utc);
    }

    private void Split(FocusGroupKey key, UsageRecord record, decimal cost, decimal listTotal)
    {
        var largest = -1;
        var assigned = 0m;
        Span<decimal> shares = stackalloc decimal[FocusMeterNames.Count];
        var factor = listTotal > 0m ? Factor(cost, listTotal) : 0m;
        var perWeight = factor == 0m && cost != 0m && listTotal > 0m;
        var places = SharePlaces(cost);
        for (var i = 0; i < FocusMeterNames.Count; i++)
        {
            var weight = _weights[i];
            if (largest < 0 || weight > _weights[largest])
            {
                largest = i;
            }

            // Most meters of a record have no list part: no decimal arithmetic for them (it dominates this loop).
            shares[i] = weight == 0m ? 0m
                : factor != 0m ? decimal.Round(weight * factor, places, MidpointRounding.ToEven)
                : perWeight ? decimal.Round(weight / listTotal * cost, places, MidpointRounding.ToEven)
                : 0m;
            assigned += shares[i];
        }

        // The rounding residue goes to the meter with the largest list part, so the shares add up to the cost exactly.
        shares[largest] += cost - assigned;
        for (var i = 0; i < FocusMeterNames.Count; i++)
        {
            if (_quantities[i] > 0 || shares[i] != 0m || _weights[i] != 0m)
            {
                Accumulate(key with { Meter = (FocusMeter)i }, record, _quantities[i], shares[i], _weights[i]);
            }
        }
    }

    /// <summary>The decimal places of a record's shares: 18, fewer for a cost of 10^8 and more, so that every share and
    /// their sum keep at most 26 significant digits and the sum is exact (a decimal holds 28-29); the residue then makes
    /// the shares add up to the cost exactly whatever its size.</summary>
    private static int SharePlaces(decimal cost)
    {
        var magnitude = Math.Abs(cost);
        if (magnitude < 100_000_000m)
        {
            return ShareDecimals;
        }

        var integerDigits = (int)Math.Floor(Math.Log10((double)magnitude)) + 1;
        return Math.Clamp(26 - integerDigits, 0, ShareDecimals);
    }

    /// <summary>cost / listTotal, or 0 when that is beyond the <see cref="decimal"/> range (a tiny list cost): the
    /// caller then divides each part by the list total first, which stays within range.</summary>
    private static decimal Factor(decimal cost, decimal listTotal)
    {
        try
        {
            return cost / listTotal;
        }
        catch (OverflowException)
        {
            return 0m;
        }
    }

    private void Accumulate(FocusGroupKey key, UsageRecord record, long quantity, decimal billed, decimal list)
    {
        ref var totals = ref CollectionsMarshal.GetValueRefOrAddDefault(_rows, key, out _);
        totals ??= new FocusMeterTotals();
        totals.Billed.Add(new FixedMoney(billed));
        totals.List.Add(new FixedMoney(list));
        totals.Quantity += quantity;
        totals.Requests++;
        if (record.IsActualized)
        {
            totals.ActualizedRequests++;
        }
    }

    private static string? Value(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
