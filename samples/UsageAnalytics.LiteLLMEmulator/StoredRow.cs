namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>A row as stored: metadata pre-serialized so concurrent requests never share a mutable JSON node.</summary>
internal sealed record StoredRow(SpendLogRow Row, string? MetadataJson, string? KeyAlias, long Sequence)
{
    private static readonly System.Text.Json.JsonSerializerOptions _relaxed = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static StoredRow From(SpendLogRow row, long sequence)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentException.ThrowIfNullOrWhiteSpace(row.RequestId);
        var metadata = row.Metadata?.DeepClone().AsObject();
        string? alias = null;
        if (metadata is not null
            && metadata.TryGetPropertyValue("user_api_key_alias", out var node)
            && node is System.Text.Json.Nodes.JsonValue value
            && value.TryGetValue<string>(out var text))
        {
            alias = text;
        }

        return new StoredRow(row, metadata?.ToJsonString(_relaxed), alias, sequence);
    }
}
