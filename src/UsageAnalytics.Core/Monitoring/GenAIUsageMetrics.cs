using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Monitoring;

/// <summary>
/// Publishes usage rows as OpenTelemetry GenAI client metrics through <see cref="System.Diagnostics.Metrics"/>, so any
/// OpenTelemetry, Prometheus or <c>dotnet-counters</c> listener of the meter <see cref="MeterName"/> sees token usage,
/// call duration, time to first chunk and cost. Thread-safe; no allocation per row.
/// </summary>
/// <remarks>
/// <para>Instruments (semantic conventions for GenAI client metrics):</para>
/// <list type="bullet">
/// <item><c>gen_ai.client.token.usage</c>: histogram, unit <c>{token}</c>, one measurement for the input
/// (<see cref="UsageRecord.PromptTokens"/>) and one for the output (<see cref="UsageRecord.CompletionTokens"/>) tokens,
/// told apart by <c>gen_ai.token.type</c> = <c>input</c> / <c>output</c>; a failed call with no tokens records none.</item>
/// <item><c>gen_ai.client.operation.duration</c>: histogram, unit <c>s</c> (seconds, from
/// <see cref="UsageRecord.LatencyMs"/> / 1000), with <c>error.type</c> on a failed call (its
/// <see cref="UsageRecord.ErrorType"/>, or <c>_OTHER</c> when it names none).</item>
/// <item><c>gen_ai.client.operation.time_to_first_chunk</c>: histogram, unit <c>s</c> (from
/// <see cref="UsageRecord.TimeToFirstTokenMs"/> / 1000), for rows that report one.</item>
/// <item><c>gen_ai.usage.cost</c>: counter of <see cref="UsageRecord.EffectiveCost"/> with the currency as its unit
/// (<c>{USD}</c>; one instrument per currency seen, at most 16). This name is <b>not yet part of the OpenTelemetry
/// semantic conventions</b>; it follows their naming and may change when a standard cost metric is agreed. A
/// <see cref="double"/> is what metric APIs carry: use the exact <see cref="decimal"/> figures of the engine for
/// billing.</item>
/// </list>
/// <para>Every measurement carries <c>gen_ai.provider.name</c> (LiteLLM's provider names mapped to the well-known
/// values: <c>azure</c> → <c>azure.ai.openai</c>, <c>bedrock</c> → <c>aws.bedrock</c>, <c>vertex_ai</c> →
/// <c>gcp.vertex_ai</c>, <c>gemini</c> → <c>gcp.gemini</c>, <c>mistral</c> → <c>mistral_ai</c>, <c>xai</c> →
/// <c>x_ai</c>, <c>watsonx</c> → <c>ibm.watsonx.ai</c>; others as given), <c>gen_ai.request.model</c> and
/// <c>gen_ai.operation.name</c> (from <see cref="UsageRecord.Service"/>: <c>chat</c>, <c>text_completion</c>,
/// <c>embeddings</c>, <c>generate_content</c>, or the service as given); an attribute whose value is blank is left
/// out.</para>
/// </remarks>
public sealed class GenAIUsageMetrics : IDisposable
{
    /// <summary>The name of the meter the instruments belong to: <c>UsageAnalytics</c>.</summary>
    public const string MeterName = "UsageAnalytics";

    private const int MaxCurrencies = 16;

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<long> _tokens;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _timeToFirstChunk;
    private readonly ConcurrentDictionary<string, Counter<double>> _costs = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The values of <see cref="_costs"/>, for a check without allocation; replaced under the lock.</summary>
    private Counter<double>[] _costCounters = [];

    /// <summary>Creates the meter <see cref="MeterName"/> and its instruments.</summary>
    /// <param name="meterFactory">The host's meter factory (from dependency injection), which then owns the meter;
    /// <see langword="null"/> creates a meter this instance owns and disposes.</param>
    public GenAIUsageMetrics(IMeterFactory? meterFactory = null)
    {
        var options = new MeterOptions(MeterName) { Version = typeof(GenAIUsageMetrics).Assembly.GetName().Version?.ToString() };
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(options) ?? new Meter(options);
        _tokens = GenAIInstruments.TokenHistogram(_meter);
        _duration = GenAIInstruments.SecondsHistogram(_meter, GenAINames.OperationDuration, "GenAI operation duration.");
        _timeToFirstChunk = GenAIInstruments.SecondsHistogram(_meter, GenAINames.TimeToFirstChunk, "Time to receive the first chunk of a streamed GenAI response.");
    }

    /// <summary>Records one row's measurements (see the remarks of <see cref="GenAIUsageMetrics"/>). Cheap when no
    /// listener is attached.</summary>
    /// <param name="record">The row.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public void Record(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var costEnabled = AnyCostEnabled();
        if (!(_tokens.Enabled || _duration.Enabled || _timeToFirstChunk.Enabled || costEnabled))
        {
            return;
        }

        var tags = default(TagList);
        Add(ref tags, GenAINames.ProviderName, GenAINames.Provider(record.Provider));
        Add(ref tags, GenAINames.RequestModel, string.IsNullOrWhiteSpace(record.Model) ? null : record.Model);
        Add(ref tags, GenAINames.OperationName, GenAINames.Operation(record.Service));
        var success = record.IsSuccess;
        if (success || record.PromptTokens > 0 || record.CompletionTokens > 0)
        {
            var tokenTags = tags;
            tokenTags.Add(GenAINames.TokenType, "input");
            _tokens.Record(record.PromptTokens, in tokenTags);
            tokenTags[tokenTags.Count - 1] = new(GenAINames.TokenType, "output");
            _tokens.Record(record.CompletionTokens, in tokenTags);
        }

        if (record.TimeToFirstTokenMs is { } ttft && double.IsFinite(ttft) && ttft >= 0)
        {
            _timeToFirstChunk.Record(ttft / 1000, in tags);
        }

        if (costEnabled && record.EffectiveCost > 0 && CostCounter(record.Currency) is { } cost)
        {
            cost.Add((double)record.EffectiveCost, in tags);
        }

        if (record.LatencyMs is { } latency && double.IsFinite(latency) && latency >= 0)
        {
            if (!success)
            {
                tags.Add(GenAINames.ErrorType, string.IsNullOrWhiteSpace(record.ErrorType) ? GenAINames.OtherError : record.ErrorType.Trim());
            }

            _duration.Record(latency / 1000, in tags);
        }
    }

    /// <summary>Disposes the meter when this instance created it (no <see cref="IMeterFactory"/> was given); a
    /// factory's meter is the factory's to dispose.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static void Add(ref TagList tags, string name, string? value)
    {
        if (value is not null)
        {
            tags.Add(name, value);
        }
    }

    /// <summary>Whether a listener takes cost measurements, or no cost instrument exists yet (the first row creates
    /// one so that listeners can find it).</summary>
    private bool AnyCostEnabled()
    {
        var counters = Volatile.Read(ref _costCounters);
        if (counters.Length == 0)
        {
            return true;
        }

        foreach (var counter in counters)
        {
            if (counter.Enabled)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The cost counter of a currency (unit <c>{CODE}</c>); <see langword="null"/> for a code that is not
    /// three ASCII letters or beyond <see cref="MaxCurrencies"/> currencies, which bounds the instruments.</summary>
    private Counter<double>? CostCounter(string? currency)
    {
        if (currency is null)
        {
            return null;
        }

        if (_costs.TryGetValue(currency, out var counter))
        {
            return counter;
        }

        if (currency.Length != 3 || !char.IsAsciiLetter(currency[0]) || !char.IsAsciiLetter(currency[1]) || !char.IsAsciiLetter(currency[2]) || _costs.Count >= MaxCurrencies)
        {
            return null;
        }

        lock (_costs)
        {
            var code = currency.ToUpperInvariant();
            var created = _costs.GetOrAdd(code, static (c, meter) => GenAIInstruments.CostCounter(meter, c), _meter);
            if (Array.IndexOf(_costCounters, created) < 0)
            {
                Volatile.Write(ref _costCounters, [.. _costCounters, created]);
            }

            return created;
        }
    }
}
