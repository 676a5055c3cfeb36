using System.Text.Json.Nodes;

namespace UsageAnalytics.Analytics;

/// <content>Changes to the golden version 1 state that each make it unreadable in one way.</content>
public sealed partial class AccumulatorStateTests
{
    private static string Mutate(Action<JsonObject> change)
    {
        var state = JsonNode.Parse(GoldenState.Read(GoldenState.V1FileName))!.AsObject();
        change(state);
        return state.ToJsonString();
    }

    private static JsonObject Group(JsonObject state, int dimension, string key) => state["groups"]![dimension]!["values"]![key]!.AsObject();

    private static JsonObject Stats(JsonObject state, string name) => state["totals"]!["timing"]![name]!.AsObject();

    private static void BadValue(JsonObject state, string change)
    {
        var totals = state["totals"]!.AsObject();
        var days = state["buckets"]![1]!["values"]!.AsObject();
        switch (change)
        {
            case "n-fraction": totals["n"] = 1.5; break;
            case "n-string": totals["n"] = "30"; break;
            case "units-text": totals["estimated"]!["units"] = "lots"; break;
            case "decimal-exponent": totals["estimated"]!["decimal"] = "1e-3"; break;
            case "accuracy": state["options"]!["relativeAccuracy"] = 2; break;
            case "bucket-key": Rename(days, "day one"); break;
            case "bucket-key-leading-zero": Rename(days, "0639084384000000000"); break;
            case "latency-sum": Stats(state, "latency")["sum"] = -1; break;
            case "bin-index": Stats(state, "latency")["sketch"]!["bins"]![0]![0] = 4_000_000_000L; break;
            case "bin-pair": Stats(state, "latency")["sketch"]!["bins"]![0] = new JsonArray(287); break;
            case "first-after-last": state["firstUtcTicks"] = state["lastUtcTicks"]!.GetValue<long>() + 1; break;
            case "base64": state["sessions"] = "not base64!"; break;
            case "dimension": state["options"]!["groupBy"]![0] = "vendor"; break;
            default: state["options"]!["timeBuckets"]![0] = "hour"; break;
        }
    }

    private static void Mismatch(JsonObject state, string change)
    {
        switch (change)
        {
            case "fewer-groups": state["groups"]!.AsArray().RemoveAt(7); break;
            case "renamed-group": state["groups"]![1]!["dimension"] = "provider"; break;
            case "fewer-buckets": state["buckets"]!.AsArray().RemoveAt(1); break;
            case "swapped-buckets": state["buckets"]![0]!["size"] = "Day"; break;
            case "hour-slots": state["hourOfDay"]!.AsArray().RemoveAt(0); break;
            case "timing-not-kept": Group(state, 0, "openai")["timing"] = Group(state, 1, "gpt-4o")["timing"]!.DeepClone(); break;
            case "users-not-kept": state["users"] = state["sessions"]!.DeepClone(); break;
            default: state["groups"]![1]!["values"]![" "] = state["groups"]![1]!["none"]!.DeepClone(); break;
        }
    }

    private static void Rename(JsonObject values, string key)
    {
        var first = values.First();
        values.Remove(first.Key);
        values[key] = first.Value;
    }
}
