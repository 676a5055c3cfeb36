using System.Globalization;
using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>The small rules coverage, reconciliation and re-pricing share: which rows they refuse, how a model is
/// keyed, how currencies compare, and the ratio and token arithmetic.</summary>
internal static class RowRules
{
    /// <summary>0002-01-01: anything earlier is a <see langword="default"/> timestamp (the same rule as the accumulator's).</summary>
    private const long MinUtcTicks = 365 * TimeSpan.TicksPerDay;

    /// <summary>The key of a row's model: the model as written, or <see cref="string.Empty"/> when null or blank
    /// (<see cref="PriceStatus.NoModel"/>).</summary>
    public static string ModelKey(UsageRecord record) => string.IsNullOrWhiteSpace(record.Model) ? string.Empty : record.Model;

    /// <summary>Currency codes compare case-insensitively (ISO 4217 codes are letters).</summary>
    public static bool SameCurrency(string? left, string? right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws <see cref="ArgumentException"/> for a null row.</summary>
    public static UsageRecord NotNull(UsageRecord? record, long position, string paramName = "records") =>
        record ?? throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The records contain a null record at position {position}."), paramName);

    /// <summary>
    /// Refuses a row whose money or token counts would give a wrong sum: a negative cost or token count and (when <paramref name="needsTimestamp"/>) a default timestamp. The message names the row and the field.
    /// </summary>
    public static void Check(UsageRecord record, bool needsTimestamp)
    {
        // The common row passes one cheap test; only a suspect row is described (negative zero passes there).
        if ((needsTimestamp && record.Timestamp.UtcTicks < MinUtcTicks)
            || decimal.IsNegative(record.EstimatedCost)
            || (record.ActualCost is { } actual && decimal.IsNegative(actual))
            || (record.PromptTokens | record.CompletionTokens | record.CachedPromptTokens | record.CacheWriteTokens | record.ReasoningTokens) < 0)
        {
            var problem = Problem(record, needsTimestamp);
            if (problem is not null)
            {
                throw new ArgumentException(RecordCheck.Describe(record, problem), nameof(record));
            }
        }
    }

    /// <summary>Wraps a sum beyond the <see cref="decimal"/> range as a refused row instead of a bare overflow.</summary>
    public static ArgumentException OutOfRange(UsageRecord record, OverflowException ex) =>
        new(RecordCheck.Describe(record, "its costs take a sum beyond the decimal range (" + decimal.MaxValue.ToString(CultureInfo.InvariantCulture) + ")."), nameof(record), ex);

    /// <summary>actual / estimated; null when estimated is 0 or the ratio is beyond the <see cref="decimal"/> range.</summary>
    public static decimal? Ratio(decimal actual, decimal estimated)
    {
        if (estimated == 0m)
        {
            return null;
        }

        try
        {
            return actual / estimated;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether actual lies outside estimated ± tolerance × estimated; the boundary itself is inside. An estimate of 0 is
    /// matched only by an actual of 0.
    /// </summary>
    public static bool IsOutside(decimal estimated, decimal actual, decimal tolerance)
    {
        var gap = Math.Abs(actual - estimated);
        if (estimated == 0m)
        {
            return gap != 0m;
        }

        try
        {
            return gap > tolerance * estimated;
        }
        catch (OverflowException)
        {
            // tolerance × estimated is beyond every representable gap.
            return false;
        }
    }

    /// <summary>
    /// The record at other prompt and completion totals: its cached, cache-write (and their five-minute/one-hour split)
    /// and reasoning counts are kept, clamped so they fit in the new totals.
    /// </summary>
    public static UsageRecord WithTokens(UsageRecord record, long prompt, long completion)
    {
        var cached = Math.Min(record.CachedPromptTokens, prompt);
        var cacheWrite = Math.Min(record.CacheWriteTokens, prompt - cached);
        long? fiveMinute = record.CacheWriteFiveMinuteTokens is { } five ? Math.Clamp(five, 0, cacheWrite) : null;
        long? oneHour = record.CacheWriteOneHourTokens is { } hour ? Math.Clamp(hour, 0, cacheWrite - (fiveMinute ?? 0)) : null;
        return record with
        {
            PromptTokens = prompt,
            CompletionTokens = completion,
            CachedPromptTokens = cached,
            CacheWriteTokens = cacheWrite,
            CacheWriteFiveMinuteTokens = fiveMinute,
            CacheWriteOneHourTokens = oneHour,
            ReasoningTokens = Math.Min(record.ReasoningTokens, completion),
        };
    }

    private static string? Problem(UsageRecord record, bool needsTimestamp)
    {
        var c = CultureInfo.InvariantCulture;
        if (needsTimestamp && record.Timestamp.UtcTicks < MinUtcTicks)
        {
            return "Timestamp is the default value (year 1); map the call's start time.";
        }

        if (record.EstimatedCost < 0)
        {
            return string.Create(c, $"EstimatedCost is negative ({record.EstimatedCost}).");
        }

        if (record.ActualCost < 0)
        {
            return string.Create(c, $"ActualCost is negative ({record.ActualCost}).");
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

        return null;
    }
}
