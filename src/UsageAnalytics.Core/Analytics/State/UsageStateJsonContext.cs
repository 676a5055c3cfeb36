using System.Text.Json.Serialization;

namespace UsageAnalytics.Analytics;

/// <summary>
/// The source-generated (trim- and AOT-safe) JSON metadata of the accumulator state documents.
/// </summary>
/// <remarks>
/// Absent optional members are omitted rather than written as <c>null</c>; a member a version does not define is an
/// error rather than ignored, so a state is never read with part of it silently dropped. Numbers must be JSON
/// numbers. Duplicate keys and the version are checked before this runs (see <see cref="StateDocumentCheck"/>).
/// </remarks>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(AccumulatorStateV1))]
internal sealed partial class UsageStateJsonContext : JsonSerializerContext
{
}
