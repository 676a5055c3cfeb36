using System.Text.Json;
using System.Text.Json.Serialization;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// Writes a <see cref="double"/> as a JSON number, or as <c>null</c> when it is NaN or ±Infinity (JSON, RFC 8259 §6, has
/// no literal for them and <see cref="Utf8JsonWriter"/> throws on them). Reads a number, or <c>null</c> as
/// <see cref="double.NaN"/>, so a non-finite non-nullable summary figure (a mean, a minimum) reads back as NaN.
/// </summary>
internal sealed class FiniteDoubleConverter : JsonConverter<double>
{
    /// <inheritdoc/>
    public override bool HandleNull => true;

    /// <inheritdoc/>
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : ReadNumber(ref reader);

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => WriteFinite(writer, value);

    internal static double ReadNumber(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw new JsonException("Expected a finite JSON number.");

    internal static void WriteFinite(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
