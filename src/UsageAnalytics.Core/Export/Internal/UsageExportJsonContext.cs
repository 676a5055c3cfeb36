using System.Text.Json.Serialization;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// The source-generated (trim- and AOT-safe) JSON metadata of the record and summary documents: snake_case names,
/// null members omitted, enums as their names.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RecordJson))]
[JsonSerializable(typeof(SummaryJson))]
internal sealed partial class UsageExportJsonContext : JsonSerializerContext
{
}
