using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace UsageAnalytics.Pricing;

/// <summary>Reads LiteLLM's model-info answer into <see cref="LiteLLMModelPrices"/>; the rules are documented there.</summary>
internal static class ModelInfoReader
{
    private const string TieredPricing = "tiered_pricing";

    public static LiteLLMModelPrices Read(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException ex)
        {
            throw new PriceBookFormatException(
                string.Create(CultureInfo.InvariantCulture, $"The LiteLLM model-info answer is not JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}): {LogText.Safe(ex.Message)}"),
                ex);
        }

        using (document)
        {
            var warnings = new List<string>();
            var groups = new Dictionary<string, List<Deployment>>(StringComparer.OrdinalIgnoreCase);
            var order = new List<List<Deployment>>();
            var count = 0;
            var data = FindData(document.RootElement, warnings);
            foreach (var entry in data is { } array ? array.EnumerateArray().ToList() : [])
            {
                count++;
                if (ReadDeployment(entry, count, warnings) is not { } deployment)
                {
                    continue;
                }

                if (!groups.TryGetValue(deployment.ModelName, out var group))
                {
                    group = [];
                    groups.Add(deployment.ModelName, group);
                    order.Add(group);
                }

                group.Add(deployment);
            }

            var prices = new List<ModelPrice>();
            var mapped = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var group in order)
            {
                Settle(group, prices, mapped, warnings);
            }

            return new LiteLLMModelPrices(count, prices, mapped, warnings);
        }
    }

    /// <summary>The array of deployments, or <see langword="null"/> for <c>data: null</c> (no deployment, with a warning).</summary>
    private static JsonElement? FindData(JsonElement root, List<string> warnings)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                return root;
            case JsonValueKind.Object when root.TryGetProperty("data", out var data):
                if (data.ValueKind == JsonValueKind.Array)
                {
                    return data;
                }

                if (data.ValueKind == JsonValueKind.Null)
                {
                    warnings.Add("'data' is null: the proxy lists no deployment.");
                    return null;
                }

                throw new PriceBookFormatException(
                    $"The LiteLLM model-info answer's 'data' is {Describe(data.ValueKind)}, not an array of deployments.");
            default:
                throw new PriceBookFormatException(
                    $"The LiteLLM model-info answer is {Describe(root.ValueKind)} without a 'data' array (a LiteLLM proxy answers {{\"data\": [...]}}).");
        }
    }

    /// <summary>Reads one entry of <c>data</c>; <see langword="null"/> (with a warning, unless a wildcard route) when unusable.</summary>
    private static Deployment? ReadDeployment(JsonElement entry, int index, List<string> warnings)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Entry {index} is {Describe(entry.ValueKind)}, not a deployment; skipped."));
            return null;
        }

        var modelName = GetString(entry, "model_name");
        if (string.IsNullOrWhiteSpace(modelName))
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Entry {index} has no model_name; skipped."));
            return null;
        }

        if (modelName.Contains('*', StringComparison.Ordinal))
        {
            // A wildcard route ("openai/*") names no one model: rows carry the concrete name, which a catalog prices.
            return null;
        }

        var info = GetObject(entry, "model_info");
        var parameters = GetObject(entry, "litellm_params");
        var litellmModel = GetString(parameters, "model");
        var provider = GetString(info, "litellm_provider")
            ?? GetString(parameters, "custom_llm_provider")
            ?? (litellmModel?.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash ? litellmModel[..slash] : null);
        var target = GetString(info, "base_model") ?? litellmModel;

        var entryJson = WriteEntry(modelName, info, parameters, provider, GetString(info, "mode"));
        ModelPrice? price = null;
        if (entryJson is not null)
        {
            try
            {
                var parsed = PriceBook.Parse(entryJson).Prices;
                price = parsed.Count > 0 ? parsed[0] : null;
            }
            catch (PriceBookFormatException ex)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"A deployment of '{LogText.Safe(modelName)}' (entry {index}) has malformed prices and is skipped: {LogText.Safe(ex.Message)}"));
                return null;
            }
        }

        var priced = price is not null && (price.Rates.Count > 0 || price.TieredPricing.Count > 0);
        return new Deployment(
            modelName,
            priced ? new ModelPrice { Id = modelName, Provider = price!.Provider, Mode = price.Mode, Rates = price.Rates, TieredPricing = price.TieredPricing } : null,
            string.IsNullOrWhiteSpace(target) ? null : target.Trim());
    }

    /// <summary>
    /// Writes the deployment as a one-entry LiteLLM price file: its cost fields and <c>tiered_pricing</c>
    /// (<c>litellm_params</c> over <c>model_info</c>, nulls left out), provider and mode; <see langword="null"/> when
    /// it states no price at all.
    /// </summary>
    private static string? WriteEntry(string modelName, JsonElement info, JsonElement parameters, string? provider, string? mode)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var source in (ReadOnlySpan<JsonElement>)[info, parameters])
        {
            if (source.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var property in source.EnumerateObject())
            {
                var isRate = property.Name.Contains("cost", StringComparison.Ordinal)
                    && property.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String;
                var isTiers = property.Name == TieredPricing && property.Value.ValueKind == JsonValueKind.Array;
                if (isRate || isTiers)
                {
                    fields[property.Name] = property.Value;
                }
            }
        }

        if (fields.Count == 0)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(modelName);
            foreach (var (name, value) in fields)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            if (provider is not null)
            {
                writer.WriteString("litellm_provider", provider);
            }

            if (mode is not null)
            {
                writer.WriteString("mode", mode);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Chooses one price or one base model for the deployments of one model name, with a warning when they disagree.</summary>
    private static void Settle(List<Deployment> group, List<ModelPrice> prices, Dictionary<string, string> mapped, List<string> warnings)
    {
        var name = group[0].ModelName;
        var priced = group.Where(static d => d.Price is not null).ToList();
        if (priced.Count > 0)
        {
            var chosen = priced[0].Price!;
            var differing = priced.Count(d => !SamePrices(chosen, d.Price!));
            if (differing > 0)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Model '{LogText.Safe(name)}' has {priced.Count} priced deployments and {differing} differ from the first; the first listed is used (LiteLLM bills each request at the price of the deployment that served it)."));
            }

            if (priced.Count < group.Count)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Model '{LogText.Safe(name)}' has {group.Count - priced.Count} deployment(s) without prices besides priced ones; the priced deployment's prices are used for all."));
            }

            prices.Add(chosen);
            return;
        }

        var targets = group.Select(static d => d.Target).Where(static t => t is not null).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (targets.Count == 0)
        {
            warnings.Add($"Model '{LogText.Safe(name)}' has no prices and names no model (litellm_params.model or model_info.base_model) to price it as; it stays unpriced.");
            return;
        }

        if (targets.Count > 1)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Model '{LogText.Safe(name)}' has no prices and its deployments name {targets.Count} different models; it is priced as the first, '{LogText.Safe(targets[0])}'."));
        }

        if (!string.Equals(targets[0], name, StringComparison.OrdinalIgnoreCase))
        {
            mapped[name] = targets[0]!;
        }
    }

    private static bool SamePrices(ModelPrice a, ModelPrice b) =>
        SameRates(a.Rates, b.Rates)
        && a.TieredPricing.Count == b.TieredPricing.Count
        && a.TieredPricing.Zip(b.TieredPricing).All(static pair =>
            pair.First.RangeStart == pair.Second.RangeStart
            && pair.First.RangeEnd == pair.Second.RangeEnd
            && SameRates(pair.First.Rates, pair.Second.Rates));

    private static bool SameRates(IReadOnlyDictionary<string, decimal> a, IReadOnlyDictionary<string, decimal> b) =>
        a.Count == b.Count && a.All(rate => b.TryGetValue(rate.Key, out var other) && other == rate.Value);

    private static JsonElement GetObject(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : default;

    private static string? GetString(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "empty",
    };

    /// <summary>One usable deployment: its model name, its price (when it has one) and the model it names.</summary>
    private sealed record Deployment(string ModelName, ModelPrice? Price, string? Target);
}
