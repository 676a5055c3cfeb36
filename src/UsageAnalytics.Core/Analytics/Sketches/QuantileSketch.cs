using System.Runtime.CompilerServices;

namespace UsageAnalytics.Analytics;

/// <summary>
/// A mergeable relative-error quantile sketch in the style of DDSketch (Masson, Rim and Lee, VLDB 2019): every
/// quantile it returns is within a relative error α of the exact value of the same rank.
/// </summary>
/// <remarks>
/// <para>
/// Positive values fall in logarithmic buckets whose upper and lower bounds differ by a factor of at most
/// γ = (1 + α) / (1 − α); a bucket is represented by 2·lo·hi / (lo + hi), which is within α of anything in it.
/// Instead of <see cref="Math.Log(double)"/> the bucket index uses the float exponent plus a linear interpolation
/// of the mantissa, L(x) = e + (m − 1). Its slope against ln x is at least 1 (where m → 1), so a bucket of width
/// ln γ in L spans at most a factor γ in x: the α guarantee holds with about 1/ln 2 ≈ 1.44 times the buckets of
/// the exact logarithm, and the index costs a few integer operations.
/// </para>
/// <para>
/// Counts are dense with an offset (a latency distribution from 1 ms to 10 min needs ≈ 1,000 buckets at α = 1%,
/// 8 KB). Values at or below <see cref="MinIndexable"/> (including negatives, which are clamped) count as zero;
/// NaN and infinities are ignored. Merging adds counts, so it is exact, associative and commutative.
/// </para>
/// </remarks>
internal sealed class QuantileSketch
{
    /// <summary>The default relative accuracy: 1%.</summary>
    public const double DefaultRelativeAccuracy = 0.01;

    /// <summary>The smallest value given its own bucket; anything at or below it counts as zero.</summary>
    public const double MinIndexable = 1e-9;

    private const int InitialCapacity = 64;

    private readonly double _multiplier;
    private long[] _counts = [];
    private int _offset;
    private int _minIndex = int.MaxValue;
    private int _maxIndex = int.MinValue;

    public QuantileSketch(double relativeAccuracy = DefaultRelativeAccuracy)
    {
        if (!(relativeAccuracy > 0 && relativeAccuracy < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy, "The relative accuracy must be in (0, 1).");
        }

        RelativeAccuracy = relativeAccuracy;
        var gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        _multiplier = 1 / Math.Log(gamma);
    }

    public double RelativeAccuracy { get; }

    public long Count { get; private set; }

    public long ZeroCount { get; private set; }

    /// <summary>Gets the number of allocated buckets (memory is 8 bytes each).</summary>
    public int Capacity => _counts.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value)
    {
        if (value > MinIndexable)
        {
            if (value <= double.MaxValue)
            {
                var index = IndexOf(value);
                var slot = index - _offset;
                if ((uint)slot < (uint)_counts.Length)
                {
                    _counts[slot]++;
                    if (index < _minIndex)
                    {
                        _minIndex = index;
                    }

                    if (index > _maxIndex)
                    {
                        _maxIndex = index;
                    }

                    Count++;
                }
                else
                {
                    AddSlow(index, 1);
                }
            }
        }
        else if (!double.IsNaN(value))
        {
            ZeroCount++;
            Count++;
        }
    }

    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._multiplier != _multiplier)
        {
            throw new ArgumentException("Sketches with different relative accuracies cannot be merged.", nameof(other));
        }

        ZeroCount += other.ZeroCount;
        Count += other.ZeroCount;
        for (var index = other._minIndex; index <= other._maxIndex; index++)
        {
            var count = other._counts[index - other._offset];
            if (count != 0)
            {
                AddSlow(index, count);
            }
        }
    }

    /// <summary>Returns the estimated value at quantile <paramref name="q"/>, interpolated between the two nearest
    /// ranks like SQL's <c>quantile_cont</c>; <see langword="null"/> when the sketch is empty.</summary>
    public double? Quantile(double q)
    {
        if (Count == 0)
        {
            return null;
        }

        q = Math.Clamp(q, 0, 1);
        var rank = q * (Count - 1);
        var lowerRank = (long)Math.Floor(rank);
        var upperRank = (long)Math.Ceiling(rank);
        var lower = ValueAtRank(lowerRank);
        if (upperRank == lowerRank)
        {
            return lower;
        }

        var upper = ValueAtRank(upperRank);
        return lower + ((upper - lower) * (rank - lowerRank));
    }

    /// <summary>Enumerates the non-empty buckets as (index, count), in index order.</summary>
    public IEnumerable<(int Index, long Count)> Buckets()
    {
        for (var index = _minIndex; index <= _maxIndex; index++)
        {
            var count = _counts[index - _offset];
            if (count != 0)
            {
                yield return (index, count);
            }
        }
    }

    /// <summary>Restores a bucket count (used when reading serialized state).</summary>
    public void AddBucket(int index, long count)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Bucket counts cannot be negative.");
        }

        if (count > 0)
        {
            AddSlow(index, count);
        }
    }

    /// <summary>Whether <paramref name="index"/> is the bucket of some indexable value (above
    /// <see cref="MinIndexable"/>, finite): serialized state naming any other bucket is malformed.</summary>
    public bool CanHold(int index) => index >= IndexOf(MinIndexable) && index <= IndexOf(double.MaxValue);

    /// <summary>Restores the zero-bucket count (used when reading serialized state).</summary>
    public void AddZeros(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ZeroCount += count;
        Count += count;
    }

    public QuantileSketch Clone()
    {
        var clone = new QuantileSketch(RelativeAccuracy);
        clone.Merge(this);
        return clone;
    }

    /// <summary>The representative value of a bucket: within α of every value the bucket holds.</summary>
    internal double ValueOf(int index)
    {
        var lower = InverseLog((index - 1) / _multiplier);
        var upper = InverseLog(index / _multiplier);
        return 2 * lower * upper / (lower + upper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int IndexOf(double value) => (int)IndexBound(value);

    /// <summary>The bucket index of a positive value as a double: <see cref="IndexOf"/> without its conversion to
    /// <see cref="int"/>, which at a very fine relative accuracy would overflow (used to check serialized state).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal double IndexBound(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        var mantissa = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        return Math.Ceiling((exponent + mantissa - 1) * _multiplier);
    }

    private static double InverseLog(double log)
    {
        var exponent = Math.Floor(log);
        var mantissa = 1 + (log - exponent);
        return Math.ScaleB(mantissa, (int)exponent);
    }

    private double ValueAtRank(long rank)
    {
        if (rank < ZeroCount)
        {
            return 0;
        }

        var seen = ZeroCount;
        for (var index = _minIndex; index <= _maxIndex; index++)
        {
            seen += _counts[index - _offset];
            if (seen > rank)
            {
                return ValueOf(index);
            }
        }

        return ValueOf(_maxIndex);
    }

    private void AddSlow(int index, long count)
    {
        if (_counts.Length == 0)
        {
            _counts = new long[InitialCapacity];
            _offset = index - (InitialCapacity / 2);
        }
        else if (index < _offset || index >= _offset + _counts.Length)
        {
            var low = Math.Min(index, _minIndex);
            var high = Math.Max(index, _maxIndex);
            var needed = high - low + 1;
            var capacity = Math.Max(_counts.Length * 2, needed + (needed / 2));
            var grown = new long[capacity];
            var newOffset = low - ((capacity - needed) / 2);
            if (_maxIndex >= _minIndex)
            {
                Array.Copy(_counts, _minIndex - _offset, grown, _minIndex - newOffset, _maxIndex - _minIndex + 1);
            }

            _counts = grown;
            _offset = newOffset;
        }

        _counts[index - _offset] += count;
        _minIndex = Math.Min(_minIndex, index);
        _maxIndex = Math.Max(_maxIndex, index);
        Count += count;
    }
}
