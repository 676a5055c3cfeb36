using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UsageAnalytics.Analytics;

/// <summary>
/// A <see cref="MoneySum"/> in a version 1 state, exact: the <see cref="Int128"/> atto-units as a decimal string,
/// plus, only when the sum has one, the exact <see cref="decimal"/> side sum as a string.
/// </summary>
/// <remarks>Written as <c>"123"</c> without a side sum, otherwise as <c>{"units":"123","decimal":"0.0000000000000000000001"}</c>
/// (see <see cref="MoneyV1Converter"/>). Strings, because JSON numbers lose precision in most readers.</remarks>
[JsonConverter(typeof(MoneyV1Converter))]
internal sealed class MoneyV1
{
    public required string Units { get; init; }

    /// <summary>The side sum, or <see langword="null"/> when it is zero.</summary>
    public string? Decimal { get; init; }

    public static MoneyV1 From(in MoneySum money) => new()
    {
        Units = FixedMoney.Format(money.Units),
        Decimal = money.Overflow == 0 ? null : money.Overflow.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Reads and writes <see cref="MoneyV1"/> in its two shapes; anything else is a <see cref="JsonException"/>.</summary>
internal sealed class MoneyV1Converter : JsonConverter<MoneyV1>
{
    private const string UnitsName = "units";
    private const string DecimalName = "decimal";

    public override MoneyV1 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new MoneyV1 { Units = reader.GetString()! };
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A money amount must be a string of atto-units or an object with 'units' and 'decimal' strings.");
        }

        string? units = null;
        string? side = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("The money field '" + name + "' must be a string.");
            }

            switch (name)
            {
                case UnitsName:
                    units = reader.GetString();
                    break;
                case DecimalName:
                    side = reader.GetString();
                    break;
                default:
                    throw new JsonException("Unknown money field '" + name + "'; a money object has 'units' and 'decimal'.");
            }
        }

        if (units is null || side is null)
        {
            throw new JsonException("A money object needs both 'units' and 'decimal'.");
        }

        return new MoneyV1 { Units = units, Decimal = side };
    }

    public override void Write(Utf8JsonWriter writer, MoneyV1 value, JsonSerializerOptions options)
    {
        if (value.Decimal is null)
        {
            writer.WriteStringValue(value.Units);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString(UnitsName, value.Units);
        writer.WriteString(DecimalName, value.Decimal);
        writer.WriteEndObject();
    }
}
