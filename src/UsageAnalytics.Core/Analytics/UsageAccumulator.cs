using System.Diagnostics.CodeAnalysis;
using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>
/// The analytics engine: takes usage rows one at a time and keeps totals, per-group state, time buckets and
/// quantile sketches in memory bounded by the number of groups and buckets, never by the number of rows.
/// </summary>
/// <remarks>
/// <para>
/// Accumulators merge: <c>a.Merge(b)</c> leaves <c>a</c> as if it had seen the rows of both, exactly for counts,
/// tokens and money and within the sketch's relative accuracy for percentiles. Merging is associative and
/// commutative, so partitions can be aggregated in parallel (see <see cref="Aggregate"/>) or on other machines and
/// combined through <see cref="ToJson"/> / <see cref="FromJson"/>.
/// </para>
/// <para>
/// Money is summed exactly in integer fixed-point (10⁻¹⁸ units; a sum may reach ±1.7×10²⁰, one row ±7.9×10¹⁰);
/// amounts with more than 18 decimals, or beyond those ranges, are carried in an exact <see cref="decimal"/> side sum
/// rather than rounded, so no money is ever lost (the side sum follows <see cref="decimal"/> arithmetic). Currencies are not converted: keep
/// one accumulator per currency.
/// </para>
/// <para>An instance is not thread-safe; use one per thread and merge.</para>
/// </remarks>
public sealed partial class UsageAccumulator
{
    private readonly UsageAccumulatorOptions _options;
    private readonly ZoneClock _clock;
    private GroupState _totals;
    private readonly DimensionTable[] _tables;
    private readonly BucketTable[] _buckets;
    private readonly GroupState[] _hourOfDay = SummaryParts.NewStates(24);
    private readonly GroupState[] _dayOfWeek = SummaryParts.NewStates(7);
    private readonly string _currency;

    /// <summary>The groups of a <see cref="Query.UsageQuery"/> run on this accumulator, or <see langword="null"/>.</summary>
    private readonly CompoundTable? _compound;
    private readonly DistinctCounter? _users;
    private readonly DistinctCounter? _sessions;

    /// <summary>The hour (or minute) buckets the hour-of-day and weekday patterns are derived from, if kept; the
    /// pattern arrays are then left empty, which saves two updates per row.</summary>
    private readonly BucketTable? _patternSource;
    private long _firstUtcTicks = long.MaxValue;
    private long _lastUtcTicks = long.MinValue;

    /// <summary>Initializes an empty accumulator with <see cref="UsageAccumulatorOptions.Default"/>.</summary>
    public UsageAccumulator()
        : this(UsageAccumulatorOptions.Default)
    {
    }

    /// <summary>Initializes an empty accumulator.</summary>
    /// <param name="options">What to keep.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or one of its lists is null.</exception>
    /// <exception cref="ArgumentException">The options are inconsistent (see <see cref="UsageAccumulatorOptions"/>).</exception>
    public UsageAccumulator(UsageAccumulatorOptions options)
        : this(options, null)
    {
    }

    /// <summary>Initializes an empty accumulator that also keeps the compound groups of a query.</summary>
    internal UsageAccumulator(UsageAccumulatorOptions options, CompoundTable? compound)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options with
        {
            GroupBy = [.. options.GroupBy],
            LatencyBy = [.. options.EffectiveLatencyBy],
            TimeBuckets = [.. options.TimeBuckets],
        };
        _currency = options.Currency.ToUpperInvariant();
        _compound = compound;
        _clock = new ZoneClock(options.TimeZone, options.FirstDayOfWeek);
        _totals = GroupState.Create(options.RelativeAccuracy, tokenSketch: true);
        _tables = new DimensionTable[_options.GroupBy.Count];
        for (var i = 0; i < _tables.Length; i++)
        {
            var dimension = _options.GroupBy[i];
            _tables[i] = new DimensionTable(dimension, _options.LatencyBy!.Contains(dimension) ? options.RelativeAccuracy : null);
        }

        _buckets = new BucketTable[_options.TimeBuckets.Count];
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new BucketTable(_options.TimeBuckets[i], options.LatencyInTimeBuckets ? options.RelativeAccuracy : null);
        }

        _patternSource = Array.Find(_buckets, b => b.Size == TimeBucketSize.Hour) ?? Array.Find(_buckets, b => b.Size == TimeBucketSize.Minute);
        if (options.CountDistinct)
        {
            _users = _options.GroupBy.Contains(UsageDimension.User) ? null : new DistinctCounter();
            _sessions = _options.GroupBy.Contains(UsageDimension.Session) ? null : new DistinctCounter();
        }
    }

    /// <summary>Gets the options the accumulator was created with (<see cref="UsageAccumulatorOptions.LatencyBy"/> with
    /// its default applied).</summary>
    public UsageAccumulatorOptions Options => _options;

    /// <summary>Gets the number of rows added (directly or through merges).</summary>
    public long Count => _totals.Requests;

    /// <summary>Gets the number of groups kept across all group dimensions (a measure of memory use).</summary>
    public int GroupCount
    {
        get
        {
            var count = 0;
            foreach (var table in _tables)
            {
                count += table.Count;
            }

            return count;
        }
    }

    /// <summary>Returns the bounds of a bucket of this accumulator's time zone (for the compound groups of a query).</summary>
    internal (DateTimeOffset Start, DateTimeOffset End) BoundsOf(TimeBucketSize size, long key) => _clock.BoundsOf(size, key);

    /// <summary>Adds one row.</summary>
    /// <param name="record">The row.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ArgumentException">The row is refused, and nothing of it is added: its timestamp is the
    /// default (year 1), a token count, cost or duration is negative (or a duration not finite), a cost is over
    /// 10¹⁵ (a corrupt value whose sums would overflow), or its
    /// <see cref="UsageRecord.Currency"/> is not <see cref="UsageAccumulatorOptions.Currency"/>. The message names the
    /// row (request id and timestamp), the field and, for currencies, both codes.</exception>
    public void Add(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        RecordCheck.Validate(record, _currency);
        var row = new RowFigures(record);
        _totals.Add(in row);
        foreach (var table in _tables)
        {
            table.Add(record, in row);
        }

        var utcTicks = record.Timestamp.UtcTicks;
        if (utcTicks < _firstUtcTicks)
        {
            _firstUtcTicks = utcTicks;
        }

        if (utcTicks > _lastUtcTicks)
        {
            _lastUtcTicks = utcTicks;
        }

        var offset = _clock.OffsetTicks(utcTicks);
        foreach (var bucket in _buckets)
        {
            bucket.Get(_clock.KeyOf(bucket.Size, utcTicks, offset)).Add(in row);
        }

        if (_compound is not null)
        {
            _compound.Add(record, in row, _compound.Bucket is { } size ? _clock.KeyOf(size, utcTicks, offset) : 0);
        }

        if (_patternSource is null)
        {
            var local = utcTicks + offset;
            _hourOfDay[(int)(local / TimeSpan.TicksPerHour % 24)].Add(in row);
            _dayOfWeek[(int)(((local / TimeSpan.TicksPerDay) + 1) % 7)].Add(in row);
        }
        if (_users is not null && DimensionKey.Normalize(record.UserId) is { } user)
        {
            _users.Add(user);
        }

        if (_sessions is not null && DimensionKey.Normalize(record.SessionId) is { } session)
        {
            _sessions.Add(session);
        }
    }

    /// <summary>Adds one row if the engine accepts it, or tells why not: for reading data that may hold bad rows
    /// without losing the good ones.</summary>
    /// <param name="record">The row.</param>
    /// <param name="reason">When the row is refused, the message <see cref="Add"/> would have thrown (the row's request
    /// id and timestamp, the field and the rule); otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the row was added; <see langword="false"/> when it was refused and nothing
    /// of it was added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    public bool TryAdd(UsageRecord record, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (RecordCheck.Problem(record, _currency) is { } problem)
        {
            reason = RecordCheck.Describe(record, problem);
            return false;
        }

        reason = null;
        Add(record);
        return true;
    }

    /// <summary>Adds every row of a sequence.</summary>
    /// <param name="records">The rows.</param>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null or contains null.</exception>
    /// <exception cref="ArgumentException">A row is refused (see <see cref="Add"/>). The rows before it stay added
    /// (<see cref="Count"/> tells how many); check or filter rows first to skip bad ones instead.</exception>
    public void AddRange(IEnumerable<UsageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records is UsageRecord[] array)
        {
            foreach (var record in array)
            {
                Add(record);
            }

            return;
        }

        foreach (var record in records)
        {
            Add(record);
        }
    }

    /// <summary>Adds every row of an asynchronous sequence, holding only the accumulator's state in memory.</summary>
    /// <param name="records">The rows.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when every row is added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null or contains null.</exception>
    /// <exception cref="ArgumentException">A row is refused (see <see cref="Add"/>); the rows before it stay added.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the rows read so far stay added.</exception>
    public async Task AddRangeAsync(IAsyncEnumerable<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Add(record);
        }
    }

    /// <summary>Adds the state of another accumulator, as if this one had seen its rows too.</summary>
    /// <param name="other">The accumulator to merge in; it is not changed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The options differ in what they keep (groups, latency groups, buckets,
    /// time zone, first day of week, distinct counting, accuracy or currency); the message names the setting and both
    /// values. Equivalent time zones (<c>UTC</c> and <c>Etc/UTC</c>, a Windows id and its IANA id) do not differ.</exception>
    public void Merge(UsageAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_options.DifferenceFrom(other._options) is { } difference)
        {
            throw new ArgumentException("These accumulators cannot merge: " + difference, nameof(other));
        }

        if (_compound is not null || other._compound is not null)
        {
            throw new ArgumentException("An accumulator that runs a query cannot merge.", nameof(other));
        }

        if (ReferenceEquals(other, this))
        {
            var copy = new UsageAccumulator(_options);
            copy.Merge(this);
            other = copy;
        }

        _totals.Merge(in other._totals);
        foreach (var table in _tables)
        {
            table.Merge(Array.Find(other._tables, t => t.Dimension.Equals(table.Dimension))!);
        }

        foreach (var bucket in _buckets)
        {
            bucket.Merge(Array.Find(other._buckets, b => b.Size == bucket.Size)!);
        }

        for (var i = 0; i < _hourOfDay.Length; i++)
        {
            _hourOfDay[i].Merge(in other._hourOfDay[i]);
        }

        for (var i = 0; i < _dayOfWeek.Length; i++)
        {
            _dayOfWeek[i].Merge(in other._dayOfWeek[i]);
        }

        _users?.Merge(other._users!);
        _sessions?.Merge(other._sessions!);
        _firstUtcTicks = Math.Min(_firstUtcTicks, other._firstUtcTicks);
        _lastUtcTicks = Math.Max(_lastUtcTicks, other._lastUtcTicks);
    }
}
