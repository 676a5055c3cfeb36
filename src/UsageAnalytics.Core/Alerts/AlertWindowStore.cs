using UsageAnalytics.Analytics;
using UsageAnalytics.Records;
using UsageAnalytics.Alerts.Internal;

namespace UsageAnalytics.Alerts;

/// <summary>
/// The metric source of alert rules: for each distinct scope the rules use, per-minute buckets (last 60 minutes plus the
/// current one), per-hour buckets (as many as the longest window needs, at most 31 days = 744 plus the current hour) and
/// the spend of the current local day in <see cref="TimeZone"/>. Not thread-safe; mergeable.
/// </summary>
/// <remarks>
/// Windows up to 60 minutes are exact to the minute: the whole minutes of the window plus the current partial minute.
/// Longer windows use whole hours from the hour boundary nearest to now − window (within ±30 minutes of the
/// requested span) plus the current partial hour. Memory is bounded by the number of distinct scopes,
/// not by rows: a bucket whose period has passed is recycled. Spend sums only rows in <see cref="Currency"/> (money of
/// different currencies is never summed); rows in another currency still count as requests and tokens. Rows older than the longest window (relative to the latest
/// row seen, or to the clock when one is given) are ignored and counted in <see cref="IgnoredRecords"/>. Give the store a
/// <see cref="TimeProvider"/> when rows come from outside: a row stamped more than <see cref="MaxClockSkew"/> after the
/// clock is then refused and counted in <see cref="FutureRecords"/>; without a clock such a row would become the
/// reference "latest row" and make every real row look too old.
/// </remarks>
public sealed partial class AlertWindowStore
{
    private readonly Dictionary<string, WindowScope> _scopes = new(StringComparer.Ordinal);
    private readonly string _signature;
    private readonly int _hourSlots;
    private readonly TimeProvider? _time;
    private readonly ZoneClock _clock;
    private long _latestMinute = long.MinValue;

    /// <summary>Initializes a new instance of the <see cref="AlertWindowStore"/> class for <paramref name="rules"/>.</summary>
    /// <param name="rules">The rules whose scopes and windows the store keeps.</param>
    /// <param name="zone">The zone of <c>daily_spend</c>'s local midnight; default UTC.</param>
    /// <param name="currency">The ISO 4217 code of the rows whose cost <c>spend</c> and <c>daily_spend</c> sum; default <c>USD</c>.</param>
    /// <param name="timeProvider">The clock rows are checked against (future rows refused, old rows measured from now);
    /// <see langword="null"/> measures age from the latest row and refuses nothing as future.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rules"/> or one of its rules is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is empty or white space.</exception>
    public AlertWindowStore(IEnumerable<AlertRule> rules, TimeZoneInfo? zone = null, string? currency = null, TimeProvider? timeProvider = null)
    {
        _time = timeProvider;
        ArgumentNullException.ThrowIfNull(rules);
        if (currency is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        }

        TimeZone = zone ?? TimeZoneInfo.Utc;
        _clock = new ZoneClock(TimeZone, DayOfWeek.Monday);
        Currency = currency?.Trim().ToUpperInvariant() ?? UsageRecord.DefaultCurrency;
        var longest = TimeSpan.FromHours(1);
        var comparisons = new List<AlertComparison>();
        foreach (var rule in rules)
        {
            ArgumentNullException.ThrowIfNull(rule);
            comparisons.AddRange(rule.Condition.Comparisons);
        }

        foreach (var comparison in comparisons)
        {
            if (comparison.Metric == AlertMetric.BudgetPercentUsed)
            {
                continue;
            }

            if (comparison.Metric != AlertMetric.DailySpend && comparison.Window > longest)
            {
                longest = comparison.Window;
            }
        }

        LongestWindow = longest;
        _hourSlots = (int)Math.Ceiling(longest.TotalHours) + 1;
        foreach (var comparison in comparisons)
        {
            if (comparison.Metric != AlertMetric.BudgetPercentUsed && !_scopes.ContainsKey(comparison.ScopeKey))
            {
                _scopes.Add(comparison.ScopeKey, new WindowScope(comparison.Filters, _hourSlots, Currency));
            }
        }

        var keys = new List<string>(_scopes.Keys);
        keys.Sort(StringComparer.Ordinal);
        _signature = string.Join('\n', keys) + "\n" + _hourSlots + "\n" + TimeZone.Id + "\n" + Currency;
    }

    /// <summary>Gets the zone of <c>daily_spend</c>.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Gets the ISO 4217 code of the rows whose cost the spend metrics sum (upper case).</summary>
    public string Currency { get; }

    /// <summary>Gets the longest window the rules use (at least 1 hour).</summary>
    public TimeSpan LongestWindow { get; }

    /// <summary>Gets the number of rows accepted.</summary>
    public long Records { get; private set; }

    /// <summary>Gets how far after the clock a row may be stamped before it is refused: 5 minutes (clock skew between
    /// hosts). Applies only when the store has a <see cref="TimeProvider"/>.</summary>
    public static TimeSpan MaxClockSkew { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the number of rows refused because they were stamped more than <see cref="MaxClockSkew"/> after the
    /// store's clock; always 0 without a clock.</summary>
    public long FutureRecords { get; private set; }

    /// <summary>Gets the number of rows ignored because they were older than <see cref="LongestWindow"/> before the latest row.</summary>
    public long IgnoredRecords { get; private set; }

    /// <summary>Adds one row to every scope it matches.</summary>
    /// <param name="record">The row.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    public void Add(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var ticks = record.Timestamp.UtcTicks;
        var minute = ticks / TimeSpan.TicksPerMinute;
        if (_time is not null)
        {
            var now = _time.GetUtcNow().UtcTicks;
            if (ticks - now > MaxClockSkew.Ticks)
            {
                FutureRecords++;
                return;
            }

            _latestMinute = Math.Max(_latestMinute, now / TimeSpan.TicksPerMinute);
        }

        if (_latestMinute != long.MinValue && minute < _latestMinute - (long)LongestWindow.TotalMinutes - 60)
        {
            IgnoredRecords++;
            return;
        }

        _latestMinute = Math.Max(_latestMinute, minute);
        var hour = ticks / TimeSpan.TicksPerHour;
        var day = LocalDay(record.Timestamp);
        foreach (var scope in _scopes.Values)
        {
            if (scope.Matches(record))
            {
                WindowScope.AddTo(scope.Minutes, minute, record, scope.Currency);
                WindowScope.AddTo(scope.Hours, hour, record, scope.Currency);
                WindowScope.AddTo(scope.Days, day, record, scope.Currency);
            }
        }

        Records++;
    }

    /// <summary>Adds rows in order.</summary>
    /// <param name="records">The rows.</param>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> or one of its rows is null.</exception>
    public void AddRange(IEnumerable<UsageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            Add(record);
        }
    }

    /// <summary>Adds the figures of <paramref name="other"/> (a store built for the same rules and zone) into this one.</summary>
    /// <param name="other">The other store; left unchanged.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="other"/> keeps other scopes, windows or zone.</exception>
    public void Merge(AlertWindowStore other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!string.Equals(_signature, other._signature, StringComparison.Ordinal))
        {
            throw new ArgumentException("The other store was built for different rules, windows or zone.", nameof(other));
        }

        foreach (var (key, scope) in _scopes)
        {
            var theirs = other._scopes[key];
            WindowScope.MergeRing(scope.Minutes, theirs.Minutes);
            WindowScope.MergeRing(scope.Hours, theirs.Hours);
            WindowScope.MergeRing(scope.Days, theirs.Days);
        }

        _latestMinute = Math.Max(_latestMinute, other._latestMinute);
        Records += other.Records;
        IgnoredRecords += other.IgnoredRecords;
        FutureRecords += other.FutureRecords;
    }
}
