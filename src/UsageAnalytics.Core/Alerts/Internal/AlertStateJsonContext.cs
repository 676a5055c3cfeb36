using System.Text.Json.Serialization;

namespace UsageAnalytics.Alerts.Internal;

internal sealed class AlertStateDto
{
    public int Version { get; set; }

    public List<AlertRuleStateDto>? Rules { get; set; }
}

internal sealed class AlertRuleStateDto
{
    public string? Name { get; set; }

    public AlertStatus Status { get; set; }

    public DateTimeOffset Since { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AlertStateDto))]
internal sealed partial class AlertStateJsonContext : JsonSerializerContext
{
}
