using System.Text.Json;
using System.Text.Json.Serialization;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <summary>
/// The JSON Lines usage format: a <see cref="UsageRecord"/> per line, camelCase property names, unknown properties
/// rejected (a typo must not silently zero a cost).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(UsageRecord))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
