using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using UsageAnalytics.LiteLLMEmulator;
using UsageAnalytics.Monitoring;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <summary>
/// <c>--live</c>: a few tasks send the emulator generator's calls into the registered <see cref="UsageMonitor"/> at a
/// steady rate while the console shows the monitor's rolling figures about once a second and its events as they come.
/// </summary>
internal static partial class LiveMonitor
{
    /// <summary>How many tasks send calls at once.</summary>
    public const int Producers = 4;

    /// <summary>The pause between two calls of one task: 4 tasks x 20 calls/s = about 80 calls a second.</summary>
    public static readonly TimeSpan CallInterval = TimeSpan.FromMilliseconds(50);

    private const int RecentEvents = 8;

    /// <summary>Runs for <see cref="SampleOptions.LiveSeconds"/> (or until canceled) and prints the final figures.</summary>
    /// <param name="redraw">Redraw one screen in place (a terminal); otherwise print lines (output redirected).</param>
    public static async Task<int> RunAsync(
        SampleOptions options,
        UsageMonitor monitor,
        SamplePrices prices,
        TextWriter output,
        bool redraw,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var pool = UsageDataGenerator.Generate(new UsageGeneratorOptions
        {
            Seed = options.Seed,
            RowCount = 2000,
            Days = 1,
            End = time.GetUtcNow(),
            PriceBook = prices.Book,
        }).UsageRecords;
        output.WriteLine(Text($"live:       {Producers} tasks x {1 / CallInterval.TotalSeconds:0} calls/s from the emulator's generator ({prices.Source}) for {options.LiveSeconds} s; monitor in {monitor.Options.TimeZone.Id}, {monitor.Options.Budgets.Count} budgets, {monitor.Options.Rules.Count} rules, evaluated every {monitor.Options.CostUpdateInterval.TotalSeconds:0.#} s"));

        using var subscription = monitor.Subscribe();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.LiveSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, cancellationToken);
        var events = new ConcurrentQueue<string>();
        var counts = new EventCounts();
        var reader = ReadEventsAsync(subscription, events, counts);
        var producers = Enumerable.Range(0, Producers).Select(i => ProduceAsync(monitor, pool, i, time, linked.Token)).ToArray();

        var recent = new Queue<string>();
        var started = time.GetUtcNow();
        while (!linked.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            var snapshot = monitor.GetSnapshot();
            if (redraw)
            {
                while (events.TryDequeue(out var line))
                {
                    recent.Enqueue(line);
                    if (recent.Count > RecentEvents)
                    {
                        recent.Dequeue();
                    }
                }

                output.Write("\u001b[H\u001b[J" + Screen(snapshot, recent, snapshot.AsOf - started));
            }
            else
            {
                while (events.TryDequeue(out var line))
                {
                    output.WriteLine(line);
                }

                output.WriteLine(Line(snapshot, snapshot.AsOf - started));
            }
        }

        await Task.WhenAll(producers).ConfigureAwait(false);
        var final = monitor.EvaluateNow();
        subscription.Dispose();
        await reader.ConfigureAwait(false);
        while (events.TryDequeue(out var line))
        {
            output.WriteLine(line);
        }

        cancellationToken.ThrowIfCancellationRequested();
        output.WriteLine();
        output.Write(Screen(final, [], final.AsOf - started));
        output.WriteLine(Text($"live: OK ({final.Records} calls recorded, {counts.Errors} error events, {counts.CostUpdates} cost updates, {counts.Budgets} budget and {counts.Alerts} alert events, {subscription.DroppedCount} dropped)"));
        return SampleApp.ExitOk;
    }

    private static async Task ProduceAsync(UsageMonitor monitor, IReadOnlyList<UsageRecord> pool, int task, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var i = task; !cancellationToken.IsCancellationRequested; i += Producers)
        {
            var template = pool[i % pool.Count];
            monitor.Record(template with
            {
                Timestamp = time.GetUtcNow(),
                RequestId = template.RequestId is null ? null : string.Create(CultureInfo.InvariantCulture, $"live-{task}-{i}"),
            });
            try
            {
                await Task.Delay(CallInterval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task ReadEventsAsync(UsageMonitorSubscription subscription, ConcurrentQueue<string> lines, EventCounts counts)
    {
        // Reads until the subscription ends (it is disposed after the last evaluation, and the reader still gets the
        // events queued before that), so the final evaluation's events are printed too.
        await foreach (var ev in subscription.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (Describe(ev, counts) is { } line)
            {
                lines.Enqueue(line);
            }
        }
    }

    private static string Screen(UsageMonitorSnapshot snapshot, IEnumerable<string> recent, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(Text($"UsageAnalytics live monitor: {elapsed.TotalSeconds:0} s, as of {snapshot.AsOf:yyyy-MM-dd HH:mm:ss} UTC ({snapshot.Records} calls, {snapshot.LateRecords} late, {snapshot.RejectedRecords} rejected)"));
        text.AppendLine(Period("this minute", snapshot.ThisMinute, snapshot.Currency));
        text.AppendLine(Period("this hour", snapshot.ThisHour, snapshot.Currency));
        text.AppendLine(Period("today", snapshot.Today, snapshot.Currency));
        text.AppendLine("top models this hour:");
        foreach (var group in snapshot.TopModels)
        {
            text.AppendLine(Text($"  {group.Key ?? "(none)",-28} {group.Figures.Requests,6} calls {group.Figures.EffectiveCost,12:0.000000} {snapshot.Currency}"));
        }

        if (snapshot.Budgets is { } budgets)
        {
            text.AppendLine("budgets:");
            foreach (var status in budgets.Statuses)
            {
                text.AppendLine(Text($"  {status.Policy.Name,-18} {status.Spend,10:0.000000} of {status.Policy.Limit:0.######} {status.Policy.Currency} ({status.PercentUsed:0.0}%), projected {status.ProjectedSpend:0.000000}, runway {MonitoringReport.Runway(status)}"));
            }
        }

        if (snapshot.Alerts is { Results.Count: > 0 } alerts)
        {
            text.AppendLine("rules: " + string.Join(", ", alerts.Results.Select(r => r.Rule.Name + " " + r.Status)));
        }

        foreach (var line in recent)
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }

    private static string Line(UsageMonitorSnapshot snapshot, TimeSpan elapsed)
    {
        var top = snapshot.TopModels.Count == 0 ? "-" : snapshot.TopModels[0].Key ?? "(none)";
        var budgets = snapshot.Budgets is { Statuses.Count: > 0 } report
            ? string.Join(", ", report.Statuses.Select(s => Text($"{s.Policy.Name} {s.PercentUsed:0.0}%")))
            : "-";
        return Text($"t+{elapsed.TotalSeconds:0}s minute {snapshot.ThisMinute.Figures.Requests} calls {snapshot.ThisMinute.Figures.EffectiveCost:0.000000} | hour {snapshot.ThisHour.Figures.Requests} calls {snapshot.ThisHour.Figures.EffectiveCost:0.000000} | today {snapshot.Today.Figures.Requests} calls {snapshot.Today.Figures.EffectiveCost:0.000000} {snapshot.Currency} | top model {top} | budgets {budgets}");
    }

    private static string Period(string name, UsageMonitorPeriod period, string currency) =>
        Text($"{name,-12} {period.Figures.Requests,7} calls {period.Figures.EffectiveCost,12:0.000000} {currency}  errors {period.Figures.ErrorRate ?? 0:P1}  p95 {period.Figures.LatencyMs?.P95 ?? 0:0} ms  from {period.Start:HH:mm:ss}");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Counts of the events printed, for the closing line.</summary>
    private sealed class EventCounts
    {
        public int Errors;
        public int CostUpdates;
        public int Budgets;
        public int Alerts;
    }
}
