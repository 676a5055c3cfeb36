using System.Text.Json;

namespace UsageAnalytics.Pricing.Catalog;

/// <summary>The contents of a price-override document.</summary>
/// <param name="Prices">Custom and effective-dated prices.</param>
/// <param name="Adjustments">Discounts and markups.</param>
/// <param name="Deployments">Deployment name → base model.</param>
internal sealed record PriceOverrides(List<ModelPrice> Prices, List<PriceAdjustment> Adjustments, Dictionary<string, string> Deployments);

/// <summary>
/// Reads a price-override document (the format is documented on <see cref="PriceBook.WithOverrides(string)"/>).
/// Unknown sections and unknown adjustment fields are errors, so a misspelt name never drops an override silently.
/// </summary>
internal static class PriceOverridesReader
{
    /// <summary>Reads an override document.</summary>
    /// <exception cref="PriceBookFormatException">The document is not JSON or not of the documented shape.</exception>
    public static PriceOverrides Read(ReadOnlySpan<byte> utf8)
    {
        var result = new PriceOverrides([], [], new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
        string? current = null;
        try
        {
            var reader = new Utf8JsonReader(PriceFileReader.SkipByteOrderMark(utf8));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new PriceBookFormatException("The price overrides are not a JSON object with 'prices', 'adjustments' and 'deployments'.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var section = reader.GetString()!;
                reader.Read();
                current = section;
                switch (section)
                {
                    case "prices":
                        ReadPrices(ref reader, result.Prices, ref current);
                        break;
                    case "adjustments":
                        ReadAdjustments(ref reader, result.Adjustments);
                        break;
                    case "deployments":
                        ReadDeployments(ref reader, result.Deployments);
                        break;
                    default:
                        throw new PriceBookFormatException(
                            $"The price overrides have an unknown section '{section}' (expected 'prices', 'adjustments' or 'deployments').");
                }

                current = null;
            }

            reader.Read();
        }
        catch (JsonException ex)
        {
            throw PriceFileReader.NotJson("price-override document", current, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new PriceBookFormatException("The price overrides have text that is not valid UTF-8.", ex);
        }

        return result;
    }

    private static void ReadPrices(ref Utf8JsonReader reader, List<ModelPrice> prices, ref string? current)
    {
        Expect(ref reader, JsonTokenType.StartObject, "prices", "an object of model id → LiteLLM entry (or array of dated entries)");
        var seen = new HashSet<(string, DateTimeOffset?)>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var id = reader.GetString()!;
            current = id;
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new PriceBookFormatException("The price overrides have a price with a blank model id.");
            }

            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                Add(PriceEntryReader.ReadEntry(ref reader, id, allowEffectiveFrom: true));
                continue;
            }

            Expect(ref reader, JsonTokenType.StartArray, id, "an entry object or an array of dated entry objects");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                Expect(ref reader, JsonTokenType.StartObject, id, "an array of entry objects");
                Add(PriceEntryReader.ReadEntry(ref reader, id, allowEffectiveFrom: true));
            }
        }

        void Add(ModelPrice price)
        {
            if (!seen.Add((price.Id, price.EffectiveFrom)))
            {
                throw PriceEntryReader.Invalid(price.Id, "effective_from", "repeats another price of the model with the same effective date");
            }

            prices.Add(price);
        }
    }

    private static void ReadAdjustments(ref Utf8JsonReader reader, List<PriceAdjustment> adjustments)
    {
        Expect(ref reader, JsonTokenType.StartArray, "adjustments", "an array of adjustment objects");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var owner = $"adjustments[{adjustments.Count}]";
            Expect(ref reader, JsonTokenType.StartObject, owner, "an object");
            string? provider = null;
            string? model = null;
            decimal? multiplier = null;
            DateTimeOffset? from = null;
            DateTimeOffset? until = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = reader.GetString()!;
                reader.Read();
                switch (field)
                {
                    case "provider":
                        provider = ReadName(ref reader, owner, field);
                        break;
                    case "model":
                        model = ReadName(ref reader, owner, field);
                        break;
                    case "multiplier":
                        multiplier = reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var m) && m >= 0m
                            ? m
                            : throw PriceEntryReader.Invalid(owner, field, "is not a number greater than or equal to 0");
                        break;
                    case "effective_from":
                        from = PriceEntryReader.ReadInstant(ref reader, owner, field);
                        break;
                    case "effective_until":
                        until = PriceEntryReader.ReadInstant(ref reader, owner, field);
                        break;
                    default:
                        throw PriceEntryReader.Invalid(owner, field, "is not a field of an adjustment (provider, model, multiplier, effective_from, effective_until)");
                }
            }

            if (multiplier is null)
            {
                throw PriceEntryReader.Invalid(owner, "multiplier", "is missing");
            }

            if (from is not null && until is not null && from >= until)
            {
                throw PriceEntryReader.Invalid(owner, "effective_until", "is not after effective_from");
            }

            adjustments.Add(new PriceAdjustment { Provider = provider, Model = model, Multiplier = multiplier.Value, EffectiveFrom = from, EffectiveUntil = until });
        }
    }

    private static void ReadDeployments(ref Utf8JsonReader reader, Dictionary<string, string> deployments)
    {
        Expect(ref reader, JsonTokenType.StartObject, "deployments", "an object of deployment name → base model");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (string.IsNullOrWhiteSpace(name) || reader.TokenType != JsonTokenType.String || string.IsNullOrWhiteSpace(reader.GetString()))
            {
                throw PriceEntryReader.Invalid($"deployments.{name}", "base model", "is not a non-blank model name");
            }

            deployments[name.Trim()] = reader.GetString()!.Trim();
        }
    }

    private static string? ReadName(ref Utf8JsonReader reader, string owner, string field) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String when !string.IsNullOrWhiteSpace(reader.GetString()) => reader.GetString()!.Trim(),
        _ => throw PriceEntryReader.Invalid(owner, field, "is not a non-blank string or null"),
    };

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string owner, string shape)
    {
        if (reader.TokenType != token)
        {
            throw new PriceBookFormatException(
                $"The price overrides' '{owner}' is a JSON {PriceFileReader.Describe(reader.TokenType)}; expected {shape}.");
        }
    }
}
