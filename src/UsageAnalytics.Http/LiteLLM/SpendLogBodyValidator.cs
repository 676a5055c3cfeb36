using System.Text.Json;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Checks, in one forward <see cref="Utf8JsonReader"/> pass and without building a document, that a success body is one
/// complete JSON value of a shape <see cref="SpendLogPage"/> reads: an array (v1, or <c>[null]</c>), or an object whose
/// <c>data</c> is an array or <c>null</c> (the v2 envelope, any other fields ignored). Rows are not looked at: a
/// malformed row inside a valid envelope is handled per row later, so it never makes the whole answer a fault.
/// </summary>
internal static class SpendLogBodyValidator
{
    /// <summary>
    /// Returns why <paramref name="body"/> is not a readable spend-log answer (a cut-off or garbled body, JSON of
    /// another shape), or <see langword="null"/> when it is one.
    /// </summary>
    public static string? FindFault(ReadOnlySpan<byte> body)
    {
        // The same limits JsonDocument.Parse applies in SpendLogPage (depth 64, no comments), so a body that passes
        // here is never refused there as JSON.
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return "The response body is empty.";
        }

        var reader = new Utf8JsonReader(body, isFinalBlock: true, state: default);
        try
        {
            reader.Read();

            string? fault = null;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    reader.Skip();
                    break;
                case JsonTokenType.StartObject:
                    fault = CheckEnvelope(ref reader);
                    break;
                default:
                    fault = $"The response is a JSON {Describe(reader.TokenType)}, neither an array nor an object with a \"data\" array.";
                    reader.Skip();
                    break;
            }

            // Trailing bytes after the value (other than whitespace) make the reader throw here.
            if (reader.Read())
            {
                return "The response holds more than one JSON value.";
            }

            return fault;
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
        catch (InvalidOperationException ex)
        {
            // A name the reader cannot unescape (a lone surrogate): SpendLogPage would refuse it as well.
            return "The response holds a name that is not valid UTF-16: " + ex.Message;
        }
    }

    /// <summary>
    /// Reads an object to its end; its <c>data</c> member must be an array or null. Of duplicate <c>data</c> members the
    /// last counts, as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> (and Python) read them.
    /// </summary>
    private static string? CheckEnvelope(ref Utf8JsonReader reader)
    {
        var hasData = false;
        string? fault = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isData = reader.ValueTextEquals("data"u8);
            reader.Read();
            if (isData)
            {
                hasData = true;
                fault = reader.TokenType is JsonTokenType.StartArray or JsonTokenType.Null
                    ? null
                    : $"The response's \"data\" is a JSON {Describe(reader.TokenType)}, not an array.";
            }

            reader.Skip();
        }

        return fault ?? (hasData ? null : "The response is a JSON object without \"data\": neither the v2 envelope nor the v1 array.");
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
