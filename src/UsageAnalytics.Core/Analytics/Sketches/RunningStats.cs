namespace UsageAnalytics.Analytics;

/// <summary>Count, sum, minimum and maximum of a duration, with an optional quantile sketch.</summary>
internal struct RunningStats
{
    public long Count;
    public double Sum;
    public double Min;
    public double Max;
    public QuantileSketch? Sketch;

    public static RunningStats Empty(QuantileSketch? sketch) =>
        new() { Min = double.PositiveInfinity, Max = double.NegativeInfinity, Sketch = sketch };

    /// <summary>Adds a value; <see cref="Min"/> and <see cref="Max"/> must start at +∞ and −∞ (see <see cref="Empty"/>).</summary>
    public void Add(double value)
    {
        if (value < Min)
        {
            Min = value;
        }

        if (value > Max)
        {
            Max = value;
        }

        Count++;
        Sum += value;
        Sketch?.Add(value);
    }

    public void Merge(in RunningStats other)
    {
        if (other.Count == 0)
        {
            return;
        }

        if (Count == 0)
        {
            Min = other.Min;
            Max = other.Max;
        }
        else
        {
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
        }

        Count += other.Count;
        Sum += other.Sum;
        if (Sketch is not null && other.Sketch is not null)
        {
            Sketch.Merge(other.Sketch);
        }
    }
}
