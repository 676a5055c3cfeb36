// The root README's quick start is the region below, verbatim (.ci/readme-check compares them). Run it against a
// proxy: UsageAnalytics__LiteLLM__BaseUrl=https://... UsageAnalytics__LiteLLM__ApiKey=sk-... dotnet run --project samples/UsageAnalytics.QuickStart
#region quickstart
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using UsageAnalytics.Analytics;                                 // the dashboard needs only this one
using UsageAnalytics.DependencyInjection;
using UsageAnalytics.Sync;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddUsageAnalytics(builder.Configuration);      // section "UsageAnalytics": LiteLLM:BaseUrl, LiteLLM:ApiKey
using var app = builder.Build();
var store = new UsageStore();                                   // your storage, rows mapped to UsageRecord
var sync = app.Services.GetRequiredService<ActualCostSynchronizer>();
var result = await sync.SynchronizeAsync(await store.LoadAsync(), async (row, ct) => await store.SaveAsync(row, ct), progress: null);
Console.WriteLine($"{result.Actualized} actualized, {result.NotYetAvailable} not yet, {result.Failed} failed");
var summary = UsageAccumulator.Aggregate(await store.LoadAsync()).ToSummary(TimeProvider.System);
Console.WriteLine($"{summary.Totals.EffectiveCost} {summary.Currency}, p95 latency {summary.Totals.LatencyMs?.P95} ms (successful calls)");
#endregion
