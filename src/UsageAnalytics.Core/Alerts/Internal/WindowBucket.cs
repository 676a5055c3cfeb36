using UsageAnalytics.Records;
using UsageAnalytics.Analytics;

namespace UsageAnalytics.Alerts.Internal;

/// <summary>Figures of one minute or hour (or a sum of them); recycled in place when its ring slot moves on.</summary>
internal sealed class WindowBucket
{
    public long Stamp { get; set; } = long.MinValue;

    public long Requests { get; private set; }

    public long Errors { get; private set; }

    public MoneySum Spend;

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public long CacheHits { get; private set; }

    public long Actualized { get; private set; }

    public QuantileSketch? Latency { get; private set; }

    public QuantileSketch? Ttft { get; private set; }

    public void Reset(long stamp)
    {
        Stamp = stamp;
        Requests = Errors = InputTokens = OutputTokens = CacheHits = Actualized = 0;
        Spend = default;
        Latency = null;
        Ttft = null;
    }

    public void Add(UsageRecord record)
    {
        Requests++;
        InputTokens += record.PromptTokens;
        OutputTokens += record.CompletionTokens;
        if (record.CacheHit == true)
        {
            CacheHits++;
        }

        if (record.IsActualized)
        {
            Actualized++;
        }

        if (string.Equals(record.Currency, UsageRecord.DefaultCurrency, StringComparison.OrdinalIgnoreCase))
        {
            Spend.AddRow(new FixedMoney(record.EffectiveCost));
        }

        if (!record.IsSuccess)
        {
            Errors++;
            return;
        }

        if (record.LatencyMs is { } latency)
        {
            (Latency ??= new QuantileSketch()).Add(latency);
        }

        if (record.TimeToFirstTokenMs is { } ttft)
        {
            (Ttft ??= new QuantileSketch()).Add(ttft);
        }
    }

    public void Merge(WindowBucket other)
    {
        Requests += other.Requests;
        Errors += other.Errors;
        Spend.Merge(other.Spend);
        InputTokens += other.InputTokens;
        OutputTokens += other.OutputTokens;
        CacheHits += other.CacheHits;
        Actualized += other.Actualized;
        if (other.Latency is not null)
        {
            (Latency ??= new QuantileSketch()).Merge(other.Latency);
        }

        if (other.Ttft is not null)
        {
            (Ttft ??= new QuantileSketch()).Merge(other.Ttft);
        }
    }
}
