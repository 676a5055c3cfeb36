using System.Globalization;
using UsageAnalytics.Budgets;
using UsageAnalytics.Monitoring;

namespace UsageAnalytics.DependencyInjection;

/// <summary>
/// Turns the configured <see cref="UsageMonitoringOptions"/> into Core's <see cref="UsageMonitorOptions"/>, collecting
/// one message per bad entry (each naming its configuration key and the entry's name) instead of stopping at the first.
/// </summary>
internal static partial class UsageMonitoringOptionsMapper
{
    private const string Prefix = UsageMonitoringOptions.SectionName + ":";

    /// <summary>Maps the options; <paramref name="errors"/> holds one message per broken rule (empty when valid).</summary>
    public static UsageMonitorOptions Map(UsageMonitoringOptions options, List<string> errors)
    {
        var zone = ResolveZone(options.TimeZone, Prefix + nameof(UsageMonitoringOptions.TimeZone), errors) ?? TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(options.Currency))
        {
            errors.Add(Prefix + "Currency must not be empty.");
        }

        var budgets = MapBudgets(options.Budgets, zone, errors);
        var rules = MapRules(options.Rules, errors);
        var mapped = new UsageMonitorOptions
        {
            TimeZone = zone,
            Currency = string.IsNullOrWhiteSpace(options.Currency) ? "USD" : options.Currency.Trim(),
            CostUpdateInterval = options.CostUpdateInterval,
            EventCapacity = options.EventCapacity,
            TopCount = options.TopCount,
            MaxClockSkew = options.MaxClockSkew,
        };
        mapped = WithBudgetsAndRules(mapped, budgets, rules);
        try
        {
            mapped.Validate();
        }
        catch (ArgumentException ex)
        {
            // Core names its own property (CostUpdateInterval, TopCount, EventCapacity): prefix the section.
            errors.Add(Prefix + ex.ParamName + ": " + FirstSentence(ex.Message));
        }

        return mapped;
    }

    /// <summary>Maps the options and throws when any entry is bad (for the monitor's factory, after validation on start).</summary>
    /// <exception cref="ArgumentException">An entry is invalid; the message lists every broken rule.</exception>
    public static UsageMonitorOptions MapOrThrow(UsageMonitoringOptions options)
    {
        var errors = new List<string>();
        var mapped = Map(options, errors);
        return errors.Count == 0 ? mapped : throw new ArgumentException(string.Join("; ", errors), nameof(options));
    }

    /// <summary>The budgets alone, in the monitor's zone (or the default UTC when that zone is bad).</summary>
    internal static List<BudgetPolicy> MapBudgetPolicies(UsageMonitoringOptions options, List<string> errors)
    {
        var zone = ResolveZone(options.TimeZone, Prefix + nameof(UsageMonitoringOptions.TimeZone), errors) ?? TimeZoneInfo.Utc;
        return MapBudgets(options.Budgets, zone, errors);
    }

    private static List<BudgetPolicy> MapBudgets(IList<UsageBudgetOptions> budgets, TimeZoneInfo defaultZone, List<string> errors)
    {
        var policies = new List<BudgetPolicy>(budgets.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < budgets.Count; i++)
        {
            var budget = budgets[i];
            var who = string.Create(CultureInfo.InvariantCulture, $"{Prefix}Budgets[{i}] ({budget?.Name ?? "no name"}): ");
            if (budget is null)
            {
                errors.Add(who + "the entry is empty.");
                continue;
            }

            var before = errors.Count;
            if (string.IsNullOrWhiteSpace(budget.Name))
            {
                errors.Add(who + "Name is required.");
            }
            else if (!names.Add(budget.Name))
            {
                errors.Add(who + "Name is used by an earlier budget; names must be unique.");
            }

            if (budget.Limit <= 0)
            {
                errors.Add(who + "Limit must be greater than 0, was " + budget.Limit.ToString(CultureInfo.InvariantCulture) + ".");
            }

            var scope = Parse(budget.Scope, "Scope", BudgetScope.Parse, who, errors);
            var period = Parse(budget.Period, "Period", BudgetPeriod.Parse, who, errors);
            var zone = budget.TimeZone is null ? defaultZone : ResolveZone(budget.TimeZone, who + "TimeZone", errors);
            if (errors.Count > before || scope is null || period is null || zone is null)
            {
                continue;
            }

            var policy = new BudgetPolicy
            {
                Name = budget.Name!,
                Scope = scope,
                Limit = budget.Limit,
                Currency = budget.Currency,
                Period = period,
                TimeZone = zone,
                Thresholds = budget.Thresholds ?? new BudgetPolicy { Name = budget.Name! }.Thresholds,
            };
            try
            {
                policy.Validate();
                policies.Add(policy);
            }
            catch (ArgumentException ex)
            {
                // Core's message starts "Budget policy 'name': "; the key already names the entry.
                errors.Add(who + StripPolicyPrefix(ex.Message));
            }
        }

        return policies;
    }

    private static T? Parse<T>(string? text, string field, Func<string, T> parse, string who, List<string> errors)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(who + field + " must not be empty.");
            return null;
        }

        try
        {
            return parse(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            errors.Add(who + field + ": " + FirstSentence(ex.Message));
            return null;
        }
    }

    /// <summary>Finds a zone by IANA or Windows id (either works where the runtime can map it).</summary>
    internal static TimeZoneInfo? ResolveZone(string? id, string key, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(id))
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                return zone;
            }

            if ((TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var other) || TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out other))
                && TimeZoneInfo.TryFindSystemTimeZoneById(other, out zone))
            {
                return zone;
            }
        }

        errors.Add(key + " must be a known IANA or Windows time zone id (UTC, Europe/Berlin, \"W. Europe Standard Time\"), not '" + id + "'.");
        return null;
    }

    private static string StripPolicyPrefix(string message)
    {
        message = FirstSentence(message);
        var end = message.StartsWith("Budget policy '", StringComparison.Ordinal) ? message.IndexOf("': ", StringComparison.Ordinal) : -1;
        return end < 0 ? message : message[(end + 3)..];
    }

    /// <summary>An ArgumentException's message without the " (Parameter 'x')" suffix the runtime appends.</summary>
    private static string FirstSentence(string message)
    {
        var suffix = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return suffix < 0 ? message : message[..suffix];
    }
}
