using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>
/// A row as stored: metadata pre-serialized (so concurrent requests never share a mutable JSON node) and the
/// metadata fields the v2 filters read pulled out once.
/// </summary>
internal sealed record StoredRow(SpendLogRow Row, string? MetadataJson, string? KeyAlias, string? ErrorCode, string? ErrorMessage, long Sequence)
{
    private static readonly JsonSerializerOptions _relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static StoredRow From(SpendLogRow row, long sequence)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentException.ThrowIfNullOrWhiteSpace(row.RequestId);
        var metadata = row.Metadata?.DeepClone().AsObject();
        var error = metadata?["error_information"] as JsonObject;
        return new StoredRow(
            row,
            metadata?.ToJsonString(_relaxed),
            Text(metadata, "user_api_key_alias"),
            Text(error, "error_code"),
            Text(error, "error_message"),
            sequence);
    }

    private static string? Text(JsonObject? obj, string name) =>
        obj is not null && obj.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : null;
}
