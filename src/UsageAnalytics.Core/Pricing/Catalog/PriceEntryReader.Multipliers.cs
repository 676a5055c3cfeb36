using System.Globalization;
using System.Text.Json;

namespace UsageAnalytics.Pricing.Catalog;

/// <summary>Reading <c>provider_specific_entry</c>.</summary>
internal static partial class PriceEntryReader
{
    private const string ProviderEntryField = "provider_specific_entry";

    // The numeric members of provider_specific_entry (Anthropic's {"us": 1.1, "fast": 6.0}); members of another kind
    // (Bedrock's {"bedrock_invocation_schema": "titan_v2"}) and a value that is not an object are not multipliers.
    private static Dictionary<string, decimal>? ReadMultipliers(ref Utf8JsonReader reader, string id)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var multipliers = new Dictionary<string, decimal>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number)
            {
                reader.Skip();
                continue;
            }

            var field = $"{ProviderEntryField}.{name}";
            if (!reader.TryGetDecimal(out var value))
            {
                throw Invalid(id, field, "is out of the range of a multiplier");
            }

            if (value == 0m && HasNonZeroDigit(reader.ValueSpan))
            {
                throw Invalid(id, field, "is too small to be represented as a decimal multiplier (below 1e-28)");
            }

            multipliers[name] = value >= 0m
                ? value
                : throw Invalid(id, field, $"is negative ({value.ToString(CultureInfo.InvariantCulture)})");
        }

        return multipliers;
    }
}
