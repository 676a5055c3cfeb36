using System.Text.Json;
using System.Text.Json.Serialization;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// Writes a <see cref="Nullable{Double}"/> as a JSON number, or as <c>null</c> when it is NaN or ±Infinity (see
/// <see cref="FiniteDoubleConverter"/>); reads <c>null</c> as <see langword="null"/> (absent), never as NaN.
/// </summary>
internal sealed class FiniteNullableDoubleConverter : JsonConverter<double?>
{
    /// <inheritdoc/>
    public override bool HandleNull => true;

    /// <inheritdoc/>
    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : FiniteDoubleConverter.ReadNumber(ref reader);

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
    {
        if (value is { } number)
        {
            FiniteDoubleConverter.WriteFinite(writer, number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
