using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// Reads a JSON string like the built-in converter, except that an unescaped value split over several buffer segments (a
/// JSON Lines line longer than one read chunk) is decoded segment by segment straight into the string, instead of being
/// copied into one more array first (<see cref="Utf8JsonReader.GetString"/> does that). Invalid UTF-8 is rejected as the
/// reader rejects it.
/// </summary>
internal sealed class Utf8StringConverter : JsonConverter<string>
{
    private static readonly UTF8Encoding _strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <inheritdoc/>
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("Expected a JSON string.");
        }

        return reader.HasValueSequence && !reader.ValueIsEscaped ? Decode(reader.ValueSequence) : reader.GetString();
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <inheritdoc/>
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() ?? throw new JsonException("Expected a property name.");

    /// <inheritdoc/>
    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);

    private static string Decode(ReadOnlySequence<byte> value)
    {
        try
        {
            // Counted with Convert, not GetCharCount: GetCharCount keeps no state between segments, so a character whose
            // bytes straddle two chunks would count as invalid. Convert carries the partial bytes over, as GetChars does.
            var decoder = _strict.GetDecoder();
            Span<char> scratch = stackalloc char[1024];
            long length = 0;
            foreach (var segment in value)
            {
                var bytes = segment.Span;
                while (!bytes.IsEmpty)
                {
                    decoder.Convert(bytes, scratch, flush: false, out var used, out var chars, out _);
                    length += chars;
                    bytes = bytes[used..];
                }
            }

            decoder.Convert([], scratch, flush: true, out _, out var last, out _);
            length += last;
            if (length > Array.MaxLength)
            {
                throw new JsonException("The JSON string is too long for a .NET string.");
            }

            return string.Create((int)length, value, static (chars, sequence) =>
            {
                var decoder = _strict.GetDecoder();
                foreach (var segment in sequence)
                {
                    var written = decoder.GetChars(segment.Span, chars, flush: false);
                    chars = chars[written..];
                }

                decoder.GetChars([], chars, flush: true);
            });
        }
        catch (DecoderFallbackException e)
        {
            throw new JsonException("The JSON string is not valid UTF-8.", e);
        }
    }
}
