namespace UsageAnalytics.Budgets;

/// <summary>The status of every budget policy of a <see cref="BudgetTracker"/> at one instant.</summary>
public sealed class BudgetReport
{
    private readonly Dictionary<string, BudgetStatus> _byName;

    internal BudgetReport(DateTimeOffset asOf, IReadOnlyList<BudgetStatus> statuses)
    {
        AsOf = asOf;
        Statuses = statuses;
        _byName = new Dictionary<string, BudgetStatus>(statuses.Count, StringComparer.Ordinal);
        foreach (var status in statuses)
        {
            _byName[status.Policy.Name] = status;
        }
    }

    /// <summary>Gets the instant of the evaluation.</summary>
    public DateTimeOffset AsOf { get; }

    /// <summary>Gets one status per policy, in the order the policies were given to the tracker.</summary>
    public IReadOnlyList<BudgetStatus> Statuses { get; }

    /// <summary>Returns the status of the policy named <paramref name="name"/> (ordinal).</summary>
    /// <param name="name">The policy name.</param>
    /// <returns>The status, or <see langword="null"/> when no policy has that name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public BudgetStatus? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.GetValueOrDefault(name);
    }
}
