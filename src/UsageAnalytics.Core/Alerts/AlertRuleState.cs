using System.Text.Json;
using UsageAnalytics.Alerts.Internal;

namespace UsageAnalytics.Alerts;

/// <summary>The status of each rule between evaluations, keyed by rule name (ordinal); <see cref="AlertEvaluator"/> updates it in place.</summary>
/// <remarks>Rules absent from the state start <see cref="AlertStatus.Ok"/>; entries of rules no longer evaluated are kept and ignored.</remarks>
public sealed class AlertRuleState
{
    private const int CurrentVersion = 1;
    private readonly Dictionary<string, (AlertStatus Status, DateTimeOffset Since)> _rules = new(StringComparer.Ordinal);

    /// <summary>Returns the status of a rule.</summary>
    /// <param name="ruleName">The rule name.</param>
    /// <returns>The status; <see cref="AlertStatus.Ok"/> for an unknown rule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ruleName"/> is null.</exception>
    public AlertStatus GetStatus(string ruleName)
    {
        ArgumentNullException.ThrowIfNull(ruleName);
        return _rules.TryGetValue(ruleName, out var entry) ? entry.Status : AlertStatus.Ok;
    }

    /// <summary>Returns since when a rule has had its status.</summary>
    /// <param name="ruleName">The rule name.</param>
    /// <returns>The instant of the last transition, or null for a rule never evaluated.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ruleName"/> is null.</exception>
    public DateTimeOffset? GetSince(string ruleName)
    {
        ArgumentNullException.ThrowIfNull(ruleName);
        return _rules.TryGetValue(ruleName, out var entry) ? entry.Since : null;
    }

    /// <summary>Writes the state as versioned JSON.</summary>
    /// <returns>JSON that <see cref="FromJson(string)"/> reads back.</returns>
    public string ToJson()
    {
        var names = new List<string>(_rules.Keys);
        names.Sort(StringComparer.Ordinal);
        var dto = new AlertStateDto { Version = CurrentVersion, Rules = [] };
        foreach (var name in names)
        {
            dto.Rules.Add(new AlertRuleStateDto { Name = name, Status = _rules[name].Status, Since = _rules[name].Since });
        }

        return JsonSerializer.Serialize(dto, AlertStateJsonContext.Default.AlertStateDto);
    }

    /// <summary>Reads a state written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The state.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="UsageAnalyticsException">The JSON is malformed, of another version, or names a rule twice or not at all.</exception>
    public static AlertRuleState FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        AlertStateDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, AlertStateJsonContext.Default.AlertStateDto);
        }
        catch (JsonException ex)
        {
            throw new UsageAnalyticsException("The alert rule state is not valid JSON: " + ex.Message, ex);
        }

        if (dto is null || dto.Version != CurrentVersion || dto.Rules is null)
        {
            throw new UsageAnalyticsException("The alert rule state is not a version 1 state.");
        }

        var state = new AlertRuleState();
        foreach (var rule in dto.Rules)
        {
            if (string.IsNullOrEmpty(rule?.Name) || !Enum.IsDefined(rule.Status) || !state._rules.TryAdd(rule.Name, (rule.Status, rule.Since)))
            {
                throw new UsageAnalyticsException("The alert rule state has a rule without a name, with an unknown status, or twice.");
            }
        }

        return state;
    }

    internal void Set(string ruleName, AlertStatus status, DateTimeOffset since) => _rules[ruleName] = (status, since);
}
