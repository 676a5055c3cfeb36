using Microsoft.Extensions.Options;

namespace UsageAnalytics.DependencyInjection;

/// <summary>
/// Validates <see cref="UsageMonitoringOptions"/> by mapping them to Core's monitor options: every time zone, scope,
/// period and condition is parsed, and each failure names its entry, for example
/// <c>UsageAnalytics:Monitoring:Budgets[2] (team-search): Limit must be greater than 0, was 0.</c> or
/// <c>UsageAnalytics:Monitoring:Rules[0] (slow): Condition: ... at position 4: expected ...</c>.
/// </summary>
/// <remarks>Hand-written rather than source-generated: the rules live in Core's parsers, which annotations cannot call.</remarks>
internal sealed class UsageMonitoringOptionsValidator : IValidateOptions<UsageMonitoringOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, UsageMonitoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        UsageMonitoringOptionsMapper.Map(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
