using System.Collections.ObjectModel;
using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>
/// One pass of <see cref="Reconciler.Reconcile"/>: running figures per model and per day, the largest gaps in a bounded
/// heap and the counts of rows set apart. Memory is O(models + days + largest gaps), never O(rows). Not thread-safe.
/// </summary>
internal sealed class ReconciliationRun
{
    private readonly ReconciliationOptions _options;
    private readonly ZoneClock _clock;
    private readonly FiguresBuilder _overall = new();
    private readonly Dictionary<string, FiguresBuilder> _byModel = new(StringComparer.Ordinal);
    private readonly Dictionary<DateOnly, FiguresBuilder> _byDay = [];
    private readonly GapList _gaps;
    private long _position;
    private long _notActualized;
    private long _otherCurrency;

    public ReconciliationRun(ReconciliationOptions options)
    {
        _options = options;
        _clock = new ZoneClock(options.TimeZone, DayOfWeek.Monday);
        _gaps = new GapList(options.LargestGapCount);
    }

    public void Add(UsageRecord? candidate)
    {
        var record = RowRules.NotNull(candidate, _position++);
        if (!RowRules.SameCurrency(record.Currency, _options.Currency))
        {
            _otherCurrency++;
            return;
        }

        if (!record.ActualCost.HasValue)
        {
            _notActualized++;
            return;
        }

        RowRules.Check(record, needsTimestamp: true);
        var row = RowComparer.Compare(record, _options.Tolerance, _options.PriceBook)!;
        try
        {
            _overall.Add(row);
            Get(_byModel, RowRules.ModelKey(record)).Add(row);
            Get(_byDay, DayOf(record.Timestamp)).Add(row);
        }
        catch (OverflowException ex)
        {
            throw RowRules.OutOfRange(record, ex);
        }

        _gaps.Add(row);
    }

    public ReconciliationReport ToReport() => new()
    {
        Currency = _options.Currency,
        TimeZone = _options.TimeZone,
        Tolerance = _options.Tolerance,
        Overall = _overall.ToFigures(),
        ByModel = Sorted(_byModel, StringComparer.Ordinal),
        ByDay = Sorted(_byDay, Comparer<DateOnly>.Default),
        LargestGaps = _gaps.ToList(),
        NotActualizedRows = _notActualized,
        OtherCurrencyRows = _otherCurrency,
    };

    private DateOnly DayOf(DateTimeOffset timestamp)
    {
        var utcTicks = timestamp.UtcTicks;
        var localDayTicks = _clock.KeyOf(TimeBucketSize.Day, utcTicks, _clock.OffsetTicks(utcTicks));
        return DateOnly.FromDayNumber((int)(localDayTicks / TimeSpan.TicksPerDay));
    }

    private static FiguresBuilder Get<TKey>(Dictionary<TKey, FiguresBuilder> groups, TKey key)
        where TKey : notnull
    {
        if (!groups.TryGetValue(key, out var builder))
        {
            builder = new FiguresBuilder();
            groups.Add(key, builder);
        }

        return builder;
    }

    private static ReadOnlyDictionary<TKey, ReconciliationFigures> Sorted<TKey>(Dictionary<TKey, FiguresBuilder> groups, IComparer<TKey> comparer)
        where TKey : notnull
    {
        var sorted = new SortedDictionary<TKey, ReconciliationFigures>(comparer);
        foreach (var (key, builder) in groups)
        {
            sorted.Add(key, builder.ToFigures());
        }

        return new ReadOnlyDictionary<TKey, ReconciliationFigures>(sorted);
    }
}
