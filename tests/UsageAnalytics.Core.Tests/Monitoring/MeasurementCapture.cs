using System.Diagnostics.Metrics;

namespace UsageAnalytics.Monitoring;

/// <summary>Collects every measurement of the meters of one <see cref="TestMeterFactory"/>: tests run in parallel, so
/// meters are told apart by reference, not by name.</summary>
internal sealed class MeasurementCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<Measured> _all = [];

    public MeasurementCapture(TestMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (factory.Owns(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    public IReadOnlyList<Measured> All
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    public IReadOnlyList<Measured> Of(string name) => [.. All.Where(m => m.Name == name)];

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_all)
        {
            _all.Add(new Measured(instrument.Meter.Name, instrument.Name, instrument.Unit, value, copy));
        }
    }

    internal sealed record Measured(string MeterName, string Name, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags);
}
