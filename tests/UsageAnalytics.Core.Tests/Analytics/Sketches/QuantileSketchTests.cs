namespace UsageAnalytics.Analytics;

public sealed class QuantileSketchTests
{
    [Theory]
    [InlineData("lognormal", 1)]
    [InlineData("lognormal", 2)]
    [InlineData("uniform", 3)]
    [InlineData("exponential", 4)]
    [InlineData("pareto", 5)]
    [InlineData("bimodal", 6)]
    [InlineData("tiny", 7)]
    public void Quantile_AgainstExactValues_IsWithinOnePercent(string distribution, int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 50_000).Select(_ => Draw(distribution, random)).ToArray();
        var sketch = new QuantileSketch();
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        Array.Sort(values);

        foreach (var q in new[] { 0.0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0 })
        {
            var exact = ExactQuantile(values, q);
            var estimate = sketch.Quantile(q)!.Value;
            Assert.True(Math.Abs(estimate - exact) <= 0.01 * exact, $"{distribution} q={q}: exact {exact}, estimate {estimate}");
        }
    }

    [Fact]
    public void Add_LatencyDistribution_StaysWithinAFewKilobytes()
    {
        var random = new Random(3);
        var sketch = new QuantileSketch();

        for (var i = 0; i < 200_000; i++)
        {
            sketch.Add(Math.Exp(6.5 + (0.9 * Normal(random))));
        }

        // Latencies from ~10 ms to ~60 s: about 900 one-percent buckets (1.44x those of an exact logarithm).
        Assert.InRange(sketch.Buckets().Count(), 300, 1_200);
        Assert.InRange(sketch.Capacity * sizeof(long), 1, 16 * 1024);
    }

    [Fact]
    public void Quantile_EveryValueOfAWideRange_IsWithinTheRelativeAccuracy()
    {
        var sketch = new QuantileSketch();

        for (var value = 1e-6; value < 1e9; value *= 1.0007)
        {
            var single = new QuantileSketch();
            single.Add(value);
            var estimate = single.Quantile(0.5)!.Value;
            Assert.True(Math.Abs(estimate - value) <= 0.01 * value, $"value {value}, estimate {estimate}");
            sketch.Add(value);
        }

        Assert.InRange(sketch.Capacity, 1, 16_384);
    }

    [Fact]
    public void Merge_TwoSketches_EqualsOneSketchOfBoth()
    {
        var random = new Random(11);
        var left = new QuantileSketch();
        var right = new QuantileSketch();
        var both = new QuantileSketch();
        for (var i = 0; i < 10_000; i++)
        {
            var value = Math.Exp(random.NextDouble() * 12) * (i % 2 == 0 ? 1 : 1e-3);
            (i % 3 == 0 ? left : right).Add(value);
            both.Add(value);
        }

        left.Merge(right);

        Assert.Equal(both.Count, left.Count);
        Assert.Equal(both.Buckets(), left.Buckets());
        Assert.Equal(both.Quantile(0.99), left.Quantile(0.99));
    }

    [Fact]
    public void Quantile_Empty_IsNull()
    {
        var sketch = new QuantileSketch();

        var median = sketch.Quantile(0.5);

        Assert.Null(median);
        Assert.Equal(0, sketch.Count);
    }

    [Fact]
    public void Add_ZeroNegativeAndNaN_CountsZerosAndIgnoresNaN()
    {
        var sketch = new QuantileSketch();

        sketch.Add(0);
        sketch.Add(-5);
        sketch.Add(double.NaN);
        sketch.Add(100);

        Assert.Equal(3, sketch.Count);
        Assert.Equal(2, sketch.ZeroCount);
        Assert.Equal(0, sketch.Quantile(0.5));
        Assert.InRange(sketch.Quantile(1)!.Value, 99, 101);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Constructor_AccuracyOutsideZeroToOne_Throws(double accuracy)
    {
        var create = () => new QuantileSketch(accuracy);

        Assert.Throws<ArgumentOutOfRangeException>(create);
    }

    private static double ExactQuantile(double[] sorted, double q)
    {
        var rank = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(rank);
        var upper = (int)Math.Ceiling(rank);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (rank - lower));
    }

    private static double Draw(string distribution, Random random)
    {
        var u = random.NextDouble();
        return distribution switch
        {
            "lognormal" => Math.Exp(6 + (0.8 * Normal(random))),
            "uniform" => 10 + (u * 990),
            "exponential" => -Math.Log(1 - u) * 300,
            "pareto" => 50 / Math.Pow(1 - u, 1 / 1.5),
            "bimodal" => random.Next(2) == 0 ? 20 + (u * 5) : 4000 + (u * 500),
            _ => 1e-3 + (u * 1e-2),
        };
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
