using Microsoft.Extensions.Options;

namespace UsageAnalytics.DependencyInjection;

/// <summary>
/// Validates <see cref="UsageAnalyticsOptions"/>: generated at compile time by the options validation source generator
/// (no reflection, so trimming- and AOT-safe) from the data annotations on the options, their nested LiteLLM and Sync
/// options (<see cref="ValidateObjectMembersAttribute"/>) and the options' own <c>IValidatableObject</c> rules.
/// Messages name the configuration key to fix and never contain the API key or the base URL.
/// </summary>
[OptionsValidator]
internal sealed partial class UsageAnalyticsOptionsValidator : IValidateOptions<UsageAnalyticsOptions>
{
    /// <summary>
    /// Returns <paramref name="options"/> when valid, for components built without dependency injection (where
    /// validation on start does not run); under DI the options were already validated and this is a cheap re-check.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    internal static UsageAnalyticsOptions EnsureValid(UsageAnalyticsOptions options, string paramName)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        var result = new UsageAnalyticsOptionsValidator().Validate(null, options);
        return result.Failed ? throw new ArgumentException(result.FailureMessage, paramName) : options;
    }
}
