using System.Globalization;
using System.Runtime.CompilerServices;
using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>
/// The one rule for rows the engine refuses: a default timestamp (year 1, the value of an unmapped field), a
/// negative token count, a negative cost or one over 10¹⁵, a negative or non-finite duration, or money in another currency than the
/// accumulator sums. Such a row is never bucketed or summed; the caller gets an <see cref="ArgumentException"/>
/// naming the row (request id and timestamp) and the field.
/// </summary>
internal static class RecordCheck
{
    /// <summary>0002-01-01: anything earlier is a <see langword="default"/> timestamp, not a real call.</summary>
    private const long MinUtcTicks = 365 * TimeSpan.TicksPerDay;

    /// <summary>The longest plausible duration: 10¹⁰ ms (about 116 days). Longer ones are corrupt values that would
    /// overflow sums and blow up sketches.</summary>
    private const double MaxDurationMs = 1e10;

    /// <summary>The largest plausible cost of one call: 10¹⁵ in the accumulator's currency. Larger ones are corrupt
    /// values; a few of them would overflow <see cref="decimal"/> sums (which end near 7.9 × 10²⁸), so the row is refused
    /// instead of crashing the sum.</summary>
    private const decimal MaxCost = 1_000_000_000_000_000m;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Validate(UsageRecord record, string currency)
    {
        if (!Passes(record, currency))
        {
            Throw(record, currency);
        }
    }

    /// <summary>The fast check: <see langword="true"/> for every accepted row; <see langword="false"/> for a refused
    /// one and for negative-zero amounts (-0.00), which <see cref="Problem"/> then accepts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Passes(UsageRecord record, string currency) =>
        !(record.Timestamp.UtcTicks < MinUtcTicks
            || (record.PromptTokens | record.CompletionTokens | record.CachedPromptTokens | record.CacheWriteTokens | record.ReasoningTokens) < 0
            || decimal.IsNegative(record.EstimatedCost)
            || record.EstimatedCost > MaxCost
            || (record.ActualCost is { } actual && (decimal.IsNegative(actual) || actual > MaxCost))
            || (record.LatencyMs is { } latency && !(latency >= 0 && latency <= MaxDurationMs))
            || (record.TimeToFirstTokenMs is { } ttft && !(ttft >= 0 && ttft <= MaxDurationMs))
            || !(ReferenceEquals(record.Currency, currency) || string.Equals(record.Currency, currency, StringComparison.OrdinalIgnoreCase)));

    private static void Throw(UsageRecord record, string currency)
    {
        var problem = Problem(record, currency);
        if (problem is null)
        {
            return; // Only negative zero amounts (-0.00), which are zero.
        }

        throw new ArgumentException(Describe(record, problem), nameof(record));
    }

    /// <summary>Names the row (request id and timestamp) and the problem.</summary>
    public static string Describe(UsageRecord record, string problem) =>
        string.Create(CultureInfo.InvariantCulture, $"Usage record '{record.RequestId ?? "(no request id)"}' at {record.Timestamp:O}: {problem}");

    /// <summary>Returns why a row is refused, or <see langword="null"/> when it is accepted.</summary>
    public static string? Problem(UsageRecord record, string currency)
    {
        var c = CultureInfo.InvariantCulture;
        if (record.Timestamp.UtcTicks < MinUtcTicks)
        {
            return "Timestamp is the default value (year 1); map the call's start time.";
        }

        foreach (var (name, value) in new (string, long)[]
        {
            (nameof(record.PromptTokens), record.PromptTokens),
            (nameof(record.CompletionTokens), record.CompletionTokens),
            (nameof(record.CachedPromptTokens), record.CachedPromptTokens),
            (nameof(record.CacheWriteTokens), record.CacheWriteTokens),
            (nameof(record.ReasoningTokens), record.ReasoningTokens),
        })
        {
            if (value < 0)
            {
                return string.Create(c, $"{name} is negative ({value}).");
            }
        }

        if (record.EstimatedCost < 0)
        {
            return string.Create(c, $"EstimatedCost is negative ({record.EstimatedCost}).");
        }

        if (record.ActualCost < 0)
        {
            return string.Create(c, $"ActualCost is negative ({record.ActualCost}).");
        }

        if (record.EstimatedCost > MaxCost || record.ActualCost > MaxCost)
        {
            var (name, value) = record.EstimatedCost > MaxCost ? (nameof(record.EstimatedCost), record.EstimatedCost) : (nameof(record.ActualCost), record.ActualCost!.Value);
            return string.Create(c, $"{name} is over 10^15 ({value}), not the cost of one call; sums of such values would overflow.");
        }

        if (record.LatencyMs is { } latency && !(latency >= 0 && latency <= MaxDurationMs))
        {
            return string.Create(c, $"LatencyMs is negative, not finite or over 10^10 ms ({latency}).");
        }

        if (record.TimeToFirstTokenMs is { } ttft && !(ttft >= 0 && ttft <= MaxDurationMs))
        {
            return string.Create(c, $"TimeToFirstTokenMs is negative, not finite or over 10^10 ms ({ttft}).");
        }

        if (!string.Equals(record.Currency, currency, StringComparison.OrdinalIgnoreCase))
        {
            return "its money is in " + (record.Currency ?? "(null)") + " but this accumulator sums " + currency
                + " (UsageAccumulatorOptions.Currency); money of different currencies is never added together: keep one accumulator per currency.";
        }

        return null;
    }
}
