using UsageAnalytics.Analytics;
using UsageAnalytics.Budgets.Internal;
using UsageAnalytics.Records;

namespace UsageAnalytics.Budgets;

/// <summary>
/// Tracks spend against a set of <see cref="BudgetPolicy"/> in one pass over usage rows and reports where each stands
/// (<see cref="Evaluate(DateTimeOffset)"/>). Mergeable: trackers fed with parts of the rows and merged equal one tracker
/// fed with all of them. Not thread-safe.
/// </summary>
/// <remarks>
/// <para>Each row is matched to policies by scope with one dictionary lookup per dimension in use (per distinct tag for
/// tag scopes), so thousands of policies cost O(dimensions) per row, not O(policies).</para>
/// <para>Per policy the tracker keeps the exact spend (<see cref="UsageRecord.EffectiveCost"/>) of each local day of
/// the policy's zone: the current period as of the latest row seen, the period before it (so a row stamped just
/// past a boundary does not drop the period still current at evaluation) and the 28 days before that. Older days are dropped
/// as later rows arrive, and rows falling before that window are ignored, so memory is bounded by the policy count.
/// Rows in another currency than the policy's are counted, not summed.</para>
/// <para>The window follows the latest row seen, not a clock: evaluate at or after that row's day for the full
/// history, and filter out rows dated far in the future (a wrong clock), which would move the window past the
/// history it needs.</para>
/// </remarks>
public sealed class BudgetTracker
{
    private readonly PolicyState[] _states;
    private readonly ScopeIndex _index;
    private readonly List<int> _matches = [];

    /// <summary>Creates a tracker for <paramref name="policies"/>, checking each with <see cref="BudgetPolicy.Validate"/>.</summary>
    /// <param name="policies">The policies; their order is the order of <see cref="BudgetReport.Statuses"/>. May be empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="policies"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">A policy is invalid, or two policies share a name (the message names it).</exception>
    public BudgetTracker(IEnumerable<BudgetPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var list = new List<BudgetPolicy>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var clocks = new Dictionary<TimeZoneInfo, ZoneClock>();
        foreach (var policy in policies)
        {
            ArgumentNullException.ThrowIfNull(policy, nameof(policies));
            policy.Validate();
            if (!names.Add(policy.Name))
            {
                throw new ArgumentException("Two budget policies are named '" + policy.Name + "'; names must be unique.", nameof(policies));
            }

            list.Add(policy);
        }

        _states = new PolicyState[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            var zone = list[i].TimeZone;
            if (!clocks.TryGetValue(zone, out var clock))
            {
                clock = new ZoneClock(zone, DayOfWeek.Monday);
                clocks.Add(zone, clock);
            }

            _states[i] = new PolicyState(list[i], clock);
        }

        Policies = list;
        _index = new ScopeIndex(list);
    }

    /// <summary>Gets the policies tracked, in the order given.</summary>
    public IReadOnlyList<BudgetPolicy> Policies { get; }

    /// <summary>Evaluates <paramref name="policies"/> over <paramref name="records"/> at <paramref name="now"/> in one call.</summary>
    /// <param name="records">The rows, streamed once.</param>
    /// <param name="policies">The policies.</param>
    /// <param name="now">The instant to evaluate at.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException">An argument or a row is null.</exception>
    /// <exception cref="ArgumentException">A policy is invalid or two share a name.</exception>
    public static BudgetReport Evaluate(IEnumerable<UsageRecord> records, IEnumerable<BudgetPolicy> policies, DateTimeOffset now)
    {
        var tracker = new BudgetTracker(policies);
        tracker.AddRange(records);
        return tracker.Evaluate(now);
    }

    /// <summary>Adds one row to every policy whose scope covers it.</summary>
    /// <param name="record">The row.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    public void Add(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _matches.Clear();
        _index.Collect(record, _matches);
        if (_matches.Count == 0)
        {
            return;
        }

        var cost = new FixedMoney(record.EffectiveCost);
        var utcTicks = record.Timestamp.UtcTicks;
        foreach (var index in _matches)
        {
            _states[index].Add(utcTicks, record.Currency, cost);
        }
    }

    /// <summary>Adds every row of <paramref name="records"/>.</summary>
    /// <param name="records">The rows, streamed once.</param>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> or a row is null.</exception>
    public void AddRange(IEnumerable<UsageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            Add(record);
        }
    }

    /// <summary>Adds the state of <paramref name="other"/> to this tracker; <paramref name="other"/> is unchanged.</summary>
    /// <param name="other">A tracker with the same policies in the same order (equal fields, equivalent zones).</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The policies differ; the message names the first difference.</exception>
    public void Merge(BudgetTracker other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._states.Length != _states.Length)
        {
            throw new ArgumentException("Cannot merge budget trackers with " + _states.Length + " and " + other._states.Length + " policies.", nameof(other));
        }

        for (var i = 0; i < _states.Length; i++)
        {
            if (!_states[i].Policy.SameDefinition(other._states[i].Policy))
            {
                throw new ArgumentException("Cannot merge budget trackers: policy '" + _states[i].Policy.Name + "' differs from '" + other._states[i].Policy.Name + "' at the same position.", nameof(other));
            }
        }

        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("A budget tracker cannot be merged with itself.", nameof(other));
        }

        for (var i = 0; i < _states.Length; i++)
        {
            _states[i].Merge(other._states[i]);
        }
    }

    /// <summary>Returns the status of every policy at <paramref name="now"/> (see <see cref="BudgetStatus"/>).</summary>
    /// <param name="now">The instant to evaluate at; its period and local day are taken in each policy's zone.</param>
    /// <returns>The report, statuses in policy order.</returns>
    public BudgetReport Evaluate(DateTimeOffset now)
    {
        var statuses = new BudgetStatus[_states.Length];
        for (var i = 0; i < _states.Length; i++)
        {
            statuses[i] = BudgetProjection.Evaluate(_states[i], now);
        }

        return new BudgetReport(now, statuses);
    }

    /// <summary>Returns the status of every policy at the current time of <paramref name="timeProvider"/>.</summary>
    /// <param name="timeProvider">The clock (<see cref="TimeProvider.GetUtcNow"/> is read once).</param>
    /// <returns>The report, statuses in policy order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public BudgetReport Evaluate(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return Evaluate(timeProvider.GetUtcNow());
    }

    /// <summary>Returns the number of local days held for the policy at <paramref name="index"/> (tests of bounded memory).</summary>
    internal int RetainedDays(int index) => _states[index].RetainedDays;
}
