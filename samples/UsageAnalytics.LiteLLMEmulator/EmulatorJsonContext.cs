using System.Text.Json.Serialization;

namespace UsageAnalytics.LiteLLMEmulator;

[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
