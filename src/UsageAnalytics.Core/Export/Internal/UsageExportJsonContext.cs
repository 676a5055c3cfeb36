using System.Text.Json.Serialization;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// The source-generated (trim- and AOT-safe) JSON metadata of the record and summary documents: snake_case names,
/// null members omitted, enums as their names, non-finite doubles written as <c>null</c>, and a reading depth of
/// <see cref="UsageJsonSerializer.MaxDepth"/> + 1 (one level for the array of <see cref="UsageJsonSerializer.ReadRecordsJsonAsync"/>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    MaxDepth = ReadingMaxDepth,
    Converters = [typeof(FiniteDoubleConverter), typeof(FiniteNullableDoubleConverter), typeof(Utf8StringConverter)])]
[JsonSerializable(typeof(RecordJson))]
[JsonSerializable(typeof(SummaryJson))]
internal sealed partial class UsageExportJsonContext : JsonSerializerContext
{
    /// <summary>The depth the readers (and the writers' <see cref="System.Text.Json.Utf8JsonWriter"/>) accept.</summary>
    internal const int ReadingMaxDepth = UsageJsonSerializer.MaxDepth + 1;
}
