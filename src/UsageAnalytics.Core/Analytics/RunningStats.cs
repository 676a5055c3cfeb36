namespace UsageAnalytics.Analytics;

/// <summary>Count, sum, minimum and maximum of a duration, with an optional quantile sketch.</summary>
internal struct RunningStats
{
    public long Count;
    public double Sum;
    public double Min;
    public double Max;
    public QuantileSketch? Sketch;

    public void Add(double value)
    {
        if (Count == 0)
        {
            Min = value;
            Max = value;
        }
        else
        {
            if (value < Min)
            {
                Min = value;
            }

            if (value > Max)
            {
                Max = value;
            }
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
