using System.Globalization;
using System.Text.Json;

namespace UsageAnalytics.Pricing.Catalog;

/// <summary>
/// Reads one entry of LiteLLM's price file: every property whose name contains <c>cost</c> and whose value is a JSON
/// number or a numeric string becomes a rate (other values, such as <c>sample_spec</c>'s prose or the
/// <c>search_context_cost_per_query</c> object, are ignored); <c>litellm_provider</c>, <c>mode</c>,
/// <c>tiered_pricing</c> and <c>provider_specific_entry</c> are read; everything else is skipped.
/// </summary>
internal static partial class PriceEntryReader
{
    private const string EffectiveFromField = "effective_from";

    /// <summary>Reads the entry whose <see cref="JsonTokenType.StartObject"/> the reader is on; leaves it on the matching end.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="id">The model id (for the entry and for error messages).</param>
    /// <param name="allowEffectiveFrom">Whether <c>effective_from</c> is read (override documents) or ignored (price files).</param>
    public static ModelPrice ReadEntry(ref Utf8JsonReader reader, string id, bool allowEffectiveFrom)
    {
        var rates = new Dictionary<string, decimal>(StringComparer.Ordinal);
        List<PriceTier>? tiers = null;
        Dictionary<string, decimal>? multipliers = null;
        string? provider = null;
        string? mode = null;
        DateTimeOffset? effectiveFrom = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (!reader.ValueIsEscaped && !IsWanted(reader.ValueSpan))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            var name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "litellm_provider":
                    provider = ReadOptionalString(ref reader);
                    break;
                case "mode":
                    mode = ReadOptionalString(ref reader);
                    break;
                case "tiered_pricing":
                    tiers = ReadTiers(ref reader, id);
                    break;
                case ProviderEntryField:
                    multipliers = ReadMultipliers(ref reader, id);
                    break;
                case EffectiveFromField when allowEffectiveFrom:
                    effectiveFrom = ReadInstant(ref reader, id, name);
                    break;
                default:
                    if (name.Contains("cost", StringComparison.Ordinal))
                    {
                        ReadRate(ref reader, id, name, name, rates);
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
            }
        }

        return new ModelPrice
        {
            Id = id,
            Provider = provider,
            Mode = mode,
            Rates = rates,
            TieredPricing = tiers is null ? [] : tiers,
            ProviderMultipliers = multipliers ?? new Dictionary<string, decimal>(StringComparer.Ordinal),
            EffectiveFrom = effectiveFrom,
        };
    }

    /// <summary>Reads an optional ISO 8601 instant (null or a string); a zone-less value is UTC.</summary>
    public static DateTimeOffset? ReadInstant(ref Utf8JsonReader reader, string owner, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String
            && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }

        throw Invalid(owner, field, "is not an ISO 8601 date and time (for example 2026-01-01T00:00:00Z)");
    }

    /// <summary>Creates the error for a bad field: the message names the entry and the field.</summary>
    public static PriceBookFormatException Invalid(string owner, string field, string problem) =>
        new($"The price entry '{owner}' has an invalid '{field}': it {problem}.");

    private static bool IsWanted(ReadOnlySpan<byte> name) =>
        name.IndexOf("cost"u8) >= 0
        || name.SequenceEqual("litellm_provider"u8)
        || name.SequenceEqual("mode"u8)
        || name.SequenceEqual("tiered_pricing"u8)
        || name.SequenceEqual("provider_specific_entry"u8)
        || name.SequenceEqual("effective_from"u8);

    private static string? ReadOptionalString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static void ReadRate(ref Utf8JsonReader reader, string id, string field, string key, Dictionary<string, decimal> rates)
    {
        decimal value;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (!reader.TryGetDecimal(out value))
                {
                    throw Invalid(id, field, "is out of the range of a price");
                }

                if (value == 0m && HasNonZeroDigit(reader.ValueSpan))
                {
                    throw Invalid(id, field, "is too small to be represented as a decimal price (below 1e-28)");
                }

                break;
            case JsonTokenType.String:
                var text = reader.GetString()!.Trim();
                if (!LooksNumeric(text))
                {
                    return;
                }

                if (IsNonFinite(text))
                {
                    throw Invalid(id, field, $"is '{text}', which is not a finite number");
                }

                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    throw Invalid(id, field, $"is '{text}', which is not a number in range");
                }

                break;
            default:
                // null, true/false, objects (search_context_cost_per_query) and arrays are not per-unit rates.
                reader.Skip();
                return;
        }

        if (value < 0m)
        {
            throw Invalid(id, field, $"is negative ({value.ToString(CultureInfo.InvariantCulture)})");
        }

        rates[key] = value;
    }

    private static List<PriceTier>? ReadTiers(ref Utf8JsonReader reader, string id)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            throw Invalid(id, "tiered_pricing", "is not an array of ranges");
        }

        var tiers = new List<PriceTier>();
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid(id, $"tiered_pricing[{index}]", "is not an object");
            }

            if (ReadTier(ref reader, id, index) is { } tier)
            {
                tiers.Add(tier);
            }

            index++;
        }

        return tiers;
    }

    // A tier without "range" that prices no tokens (the search tiers with "max_results_range") is not a token tier: skipped.
    private static PriceTier? ReadTier(ref Utf8JsonReader reader, string id, int index)
    {
        var rates = new Dictionary<string, decimal>(StringComparer.Ordinal);
        (long Start, long End)? range = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            var field = $"tiered_pricing[{index}].{name}";
            if (name == "range")
            {
                range = ReadRange(ref reader, id, field);
            }
            else if (name.Contains("cost", StringComparison.Ordinal))
            {
                ReadRate(ref reader, id, field, name, rates);
            }
            else
            {
                reader.Skip();
            }
        }

        if (range is not { } bounds)
        {
            return rates.ContainsKey("input_cost_per_token")
                ? throw Invalid(id, $"tiered_pricing[{index}]", "has input_cost_per_token but no range")
                : null;
        }

        return new PriceTier { RangeStart = bounds.Start, RangeEnd = bounds.End, Rates = rates };
    }

    // [start, end] in prompt tokens; floats such as 256000.0 are allowed. Prompt tokens are whole, so start < p <= end
    // holds exactly when floor(start) < p <= floor(end).
    private static (long Start, long End) ReadRange(ref Utf8JsonReader reader, string id, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            throw Invalid(id, field, "is not a [start, end] array");
        }

        Span<long> bounds = stackalloc long[2];
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == 2 || reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var bound)
                || decimal.Floor(bound) is var floor && (floor > long.MaxValue || floor < long.MinValue))
            {
                throw Invalid(id, field, "is not a [start, end] pair of token counts");
            }

            bounds[count++] = (long)decimal.Floor(bound);
        }

        if (count != 2)
        {
            throw Invalid(id, field, "is not a [start, end] pair of token counts");
        }

        return bounds[0] > bounds[1]
            ? throw Invalid(id, field, "starts after it ends")
            : (bounds[0], bounds[1]);
    }

    private static bool LooksNumeric(string text) =>
        text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.' || IsNonFinite(text));

    private static bool IsNonFinite(string text)
    {
        var word = text.TrimStart('+', '-');
        return word.Equals("nan", StringComparison.OrdinalIgnoreCase)
            || word.Equals("inf", StringComparison.OrdinalIgnoreCase)
            || word.Equals("infinity", StringComparison.OrdinalIgnoreCase);
    }

    private static bool HasNonZeroDigit(ReadOnlySpan<byte> number)
    {
        foreach (var b in number)
        {
            if (b is (byte)'e' or (byte)'E')
            {
                return false;
            }

            if (b is >= (byte)'1' and <= (byte)'9')
            {
                return true;
            }
        }

        return false;
    }
}
