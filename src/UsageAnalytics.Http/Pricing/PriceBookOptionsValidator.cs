using Microsoft.Extensions.Options;

namespace UsageAnalytics.Pricing;

/// <summary>
/// Validates <see cref="PriceBookOptions"/>: generated at compile time by the options validation source generator (no
/// reflection, so trimming- and AOT-safe) from the options' data annotations and their own <c>IValidatableObject</c>
/// rules. Messages name the configuration key to fix.
/// </summary>
[OptionsValidator]
internal sealed partial class PriceBookOptionsValidator : IValidateOptions<PriceBookOptions>
{
    /// <summary>Returns <paramref name="options"/> when valid, for components built without dependency injection.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    internal static PriceBookOptions EnsureValid(PriceBookOptions options, string paramName)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        var result = new PriceBookOptionsValidator().Validate(null, options);
        return result.Failed ? throw new ArgumentException(result.FailureMessage, paramName) : options;
    }
}
