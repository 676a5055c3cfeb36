using System.Text.Json;

namespace UsageAnalytics.Pricing.Catalog;

/// <summary>
/// Reads LiteLLM's <c>model_prices_and_context_window.json</c>: a flat object of model id → entry. <c>sample_spec</c>
/// and members that are not objects (such as <c>last_updated</c>) are skipped; a repeated id keeps its last entry,
/// as Python's <c>json</c> does.
/// </summary>
internal static class PriceFileReader
{
    private const string SampleSpec = "sample_spec";

    /// <summary>Reads the entries of a price file, in file order.</summary>
    /// <exception cref="PriceBookFormatException">The text is not JSON, its root is not an object, or a price field is bad.</exception>
    public static List<ModelPrice> Read(ReadOnlySpan<byte> utf8)
    {
        var prices = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        string? current = null;
        try
        {
            utf8 = SkipByteOrderMark(utf8);
            if (utf8.TrimStart(" \t\r\n"u8).IsEmpty)
            {
                throw new PriceBookFormatException("The price file is empty.");
            }

            var reader = new Utf8JsonReader(utf8);
            reader.Read();

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new PriceBookFormatException(
                    $"The price file's root is a JSON {Describe(reader.TokenType)}, not an object of model id → prices (LiteLLM's model_prices_and_context_window.json format).");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var id = reader.GetString()!;
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject || id == SampleSpec || string.IsNullOrWhiteSpace(id))
                {
                    reader.Skip();
                    continue;
                }

                current = id;
                prices[id] = PriceEntryReader.ReadEntry(ref reader, id, allowEffectiveFrom: false);
                current = null;
            }

            // Anything after the root object is an error the reader reports.
            reader.Read();
        }
        catch (JsonException ex)
        {
            throw NotJson("price file", current, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new PriceBookFormatException($"The price file has text that is not valid UTF-8{In(current)}.", ex);
        }

        return [.. prices.Values];
    }

    /// <summary>Skips a UTF-8 byte-order mark, which the JSON reader rejects.</summary>
    public static ReadOnlySpan<byte> SkipByteOrderMark(ReadOnlySpan<byte> utf8) =>
        utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? utf8[3..] : utf8;

    /// <summary>Wraps a JSON syntax error with its line and byte position (1-based).</summary>
    public static PriceBookFormatException NotJson(string what, string? entry, JsonException ex) =>
        new($"The {what} is not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}{In(entry)}: {ex.Message}", ex);

    /// <summary>Describes a JSON token kind for a message.</summary>
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => "value",
    };

    private static string In(string? entry) => entry is null ? string.Empty : $" (in the entry '{entry}')";
}
