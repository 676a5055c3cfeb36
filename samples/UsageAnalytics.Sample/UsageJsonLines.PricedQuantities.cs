using System.Globalization;
using System.Text.Json;
using UsageAnalytics.Pricing;

namespace UsageAnalytics.Sample;

/// <content>The fields of the quantities the price book prices beyond tokens: the cache-write split, audio seconds,
/// characters and the service tier.</content>
internal static partial class UsageJsonLines
{
    private static readonly string[] _cacheWriteSplit = ["cacheWriteFiveMinuteTokens", "cacheWriteOneHourTokens"];

    /// <summary>Seconds of audio: a JSON number ≥ 0 read exactly (decimal), or <see langword="null"/> for JSON null.</summary>
    private static decimal? Seconds(string key, JsonElement value, List<string> problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when value.TryGetDecimal(out var seconds):
                if (seconds < 0)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"'{key}' must not be negative, got {seconds}"));
                    return null;
                }

                return seconds;
            case JsonValueKind.Number:
                problems.Add($"'{key}' is out of range: {Shorten(value.GetRawText())}");
                return null;
            default:
                problems.Add($"expected a number (seconds) for '{key}', got {KindOf(value)}");
                return null;
        }
    }

    /// <summary>
    /// The rules between the priced quantities: the five-minute and one-hour split is part of <c>cacheWriteTokens</c>
    /// (Anthropic's <c>cache_creation_input_tokens</c> is their sum), and the service tier is given once, either as
    /// <c>serviceTier</c> or as the <c>service_tier</c> dimension the price book reads.
    /// </summary>
    private static void CheckPricedQuantities(Draft row, Dictionary<string, string> seen, List<string> problems)
    {
        var split = (row.CacheWriteFiveMinuteTokens ?? 0) + (row.CacheWriteOneHourTokens ?? 0);
        if (split > row.CacheWriteTokens)
        {
            var given = _cacheWriteSplit.Where(seen.ContainsKey).ToList();
            var names = string.Join(" + ", given.Select(field => "'" + seen[field] + "'"));
            var total = seen.TryGetValue("cacheWriteTokens", out var name)
                ? string.Create(CultureInfo.InvariantCulture, $"'{name}' ({row.CacheWriteTokens})")
                : "'cacheWriteTokens' (absent: 0)";
            problems.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{names} ({split}) {(given.Count == 1 ? "exceeds" : "exceed")} {total}: the split is part of the cache-write tokens"));
        }

        if (row.ServiceTier is not null && row.Dimensions?.ContainsKey(PriceBook.ServiceTierDimension) == true)
        {
            problems.Add($"'{seen["serviceTier"]}' and '{seen["dimensions"]}.{PriceBook.ServiceTierDimension}' are the same field (the service tier): give it once");
        }
    }

    /// <summary>The dimensions with the service tier under <see cref="PriceBook.ServiceTierDimension"/>, where the price book reads it.</summary>
    private static Dictionary<string, string> WithServiceTier(Dictionary<string, string>? dimensions, string? serviceTier)
    {
        dimensions ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (serviceTier is not null)
        {
            dimensions[PriceBook.ServiceTierDimension] = serviceTier;
        }

        return dimensions;
    }
}
