using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>LiteLLM's error bodies: <c>{"error":{...}}</c> for proxy errors, FastAPI's <c>{"detail":[...]}</c> for 422.</summary>
internal static class ProxyResponses
{
    /// <summary>Python's <c>json.dumps</c> leaves <c>+</c>, <c>&lt;</c> and quotes readable; so do we.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteErrorAsync(HttpContext context, int status, string message, string type)
    {
        return WriteJsonAsync(context, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            writer.WriteString("param", "None");
            writer.WriteString("code", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    public static Task WriteValidationErrorAsync(HttpContext context, string parameter, string message, string type, string? input)
    {
        return WriteJsonAsync(context, StatusCodes.Status422UnprocessableEntity, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("detail");
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteStartArray("loc");
            writer.WriteStringValue("query");
            writer.WriteStringValue(parameter);
            writer.WriteEndArray();
            writer.WriteString("msg", message);
            writer.WriteString("input", input);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        await WriteBytesAsync(context, status, buffer.WrittenMemory).ConfigureAwait(false);
    }

    public static async Task WriteBytesAsync(HttpContext context, int status, ReadOnlyMemory<byte> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
