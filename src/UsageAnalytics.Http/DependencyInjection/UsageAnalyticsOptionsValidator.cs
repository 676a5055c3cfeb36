using System.Globalization;
using Microsoft.Extensions.Options;
using UsageAnalytics.LiteLLM;

namespace UsageAnalytics.DependencyInjection;

/// <summary>
/// Validates <see cref="UsageAnalyticsOptions"/> with messages that name the configuration key to fix. Hand-written
/// (no reflection) so it stays trimming- and AOT-safe; messages never contain the API key or the base URL.
/// </summary>
internal sealed class UsageAnalyticsOptionsValidator : IValidateOptions<UsageAnalyticsOptions>
{
    private const string Prefix = UsageAnalyticsOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, UsageAnalyticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var liteLlm = options.LiteLLM;
        if (liteLlm is null)
        {
            errors.Add($"{Prefix}LiteLLM must not be null.");
        }
        else
        {
            ValidateLiteLlm(options.Enabled, liteLlm, errors);
        }

        if (options.CostMerging is null)
        {
            errors.Add($"{Prefix}CostMerging must not be null.");
        }
        else
        {
            NotBlank(options.CostMerging.Currency, "CostMerging:Currency", errors);
            NotBlank(options.CostMerging.CompositeSource, "CostMerging:CompositeSource", errors);
            NotBlank(options.CostMerging.CoverageLabel, "CostMerging:CoverageLabel", errors);
        }

        if (options.Sync is null)
        {
            errors.Add($"{Prefix}Sync must not be null.");
        }
        else
        {
            InRange(options.Sync.MaxConcurrency, 1, 256, "Sync:MaxConcurrency", errors);
            InRange(options.Sync.MinimumAge, TimeSpan.Zero, TimeSpan.FromDays(1), "Sync:MinimumAge", errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

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

    /// <summary>Returns whether <paramref name="path"/> names LiteLLM's deprecated v1 endpoint (<c>/spend/logs</c>).</summary>
    internal static bool IsV1Path(string path) =>
        path.TrimEnd('/').EndsWith("/spend/logs", StringComparison.OrdinalIgnoreCase);

    private static void ValidateLiteLlm(bool enabled, LiteLLMOptions options, List<string> errors)
    {
        if (enabled)
        {
            if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl)
                || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{Prefix}LiteLLM:BaseUrl must be an absolute http(s) URL (for example https://litellm.example.com) when {Prefix}Enabled is true.");
            }

            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                errors.Add($"{Prefix}LiteLLM:ApiKey must not be empty when {Prefix}Enabled is true.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.SpendLogPath) || !options.SpendLogPath.StartsWith('/'))
        {
            errors.Add($"{Prefix}LiteLLM:SpendLogPath must be a path that starts with '/' (default {LiteLLMOptions.DefaultSpendLogPath}).");
        }

        InRange(options.TimeoutSeconds, 1, 3600, "LiteLLM:TimeoutSeconds", errors);
        InRange(options.PageSize, 1, 1000, "LiteLLM:PageSize", errors);
        InRange(options.MaxResponseBytes, 1024L, 1024L * 1024 * 1024, "LiteLLM:MaxResponseBytes", errors);
        InRange(options.LookupMargin, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7), "LiteLLM:LookupMargin", errors);
        InRange(options.MaxRetryAttempts, 0, 10, "LiteLLM:MaxRetryAttempts", errors);
        InRange(options.RetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1), "LiteLLM:RetryDelay", errors);
    }

    private static void NotBlank(string? value, string key, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{Prefix}{key} must not be empty.");
        }
    }

    private static void InRange<T>(T value, T min, T max, string key, List<string> errors)
        where T : IComparable<T>, IFormattable
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            errors.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{Prefix}{key} must be between {min} and {max} (was {value})."));
        }
    }
}
