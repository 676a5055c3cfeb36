// A consumer of the packed UsageAnalytics.Core package (see .ci/consumer-check).
using UsageAnalytics.Costs;

var entry = SpendLogEntry.Parse("""{"request_id":"r1","spend":3.4e-05,"startTime":"2026-08-06 14:30:00","custom_llm_provider":"openai","model":"gpt-4o"}""");
var record = entry.ToUsageRecord();
Check(record.ActualCost == 0.000034m, "spend parsed exactly");
Check(record.Provider == "openai", "provider mapped");
Console.WriteLine("consumer: OK");

static void Check(bool condition, string what)
{
    if (!condition)
    {
        Console.WriteLine($"consumer: FAILED {what}");
        Environment.Exit(1);
    }

    Console.WriteLine($"consumer: {what}");
}
