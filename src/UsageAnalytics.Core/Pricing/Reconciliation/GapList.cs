namespace UsageAnalytics.Pricing;

/// <summary>
/// The largest gaps seen, at most a given count, in a bounded heap whose root is the gap that would be listed last, so a
/// larger one replaces it in O(log n): memory holds the count, never the rows.
/// </summary>
internal sealed class GapList
{
    private readonly int _capacity;
    private readonly PriorityQueue<Gap, Gap> _heap;
    private long _sequence;

    public GapList(int capacity)
    {
        _capacity = capacity;

        // The heap's minimum is the gap listed last: the reverse of the listing order.
        _heap = new PriorityQueue<Gap, Gap>(Comparer<Gap>.Create(static (a, b) => Listing(b, a)));
    }

    public void Add(ReconciliationRow row)
    {
        var sequence = _sequence++;
        if (_capacity == 0 || row.Difference == 0m)
        {
            return;
        }

        var gap = new Gap(row, Math.Abs(row.Difference), sequence);
        if (_heap.Count < _capacity)
        {
            _heap.Enqueue(gap, gap);
        }
        else if (Listing(gap, _heap.Peek()) < 0)
        {
            _heap.DequeueEnqueue(gap, gap);
        }
    }

    /// <summary>The kept gaps in listing order.</summary>
    public IReadOnlyList<ReconciliationRow> ToList()
    {
        var gaps = _heap.UnorderedItems.Select(item => item.Element).ToList();
        gaps.Sort(Listing);
        return gaps.ConvertAll(gap => gap.Row).AsReadOnly();
    }

    /// <summary>|difference| descending, then earlier timestamp, then request id (ordinal; none last), then input order.</summary>
    private static int Listing(Gap a, Gap b)
    {
        var order = b.Size.CompareTo(a.Size);
        if (order != 0)
        {
            return order;
        }

        order = a.Row.Record.Timestamp.UtcTicks.CompareTo(b.Row.Record.Timestamp.UtcTicks);
        if (order != 0)
        {
            return order;
        }

        var (idA, idB) = (a.Row.Record.RequestId, b.Row.Record.RequestId);
        order = idA is null ? (idB is null ? 0 : 1) : idB is null ? -1 : string.CompareOrdinal(idA, idB);
        return order != 0 ? order : a.Sequence.CompareTo(b.Sequence);
    }

    private readonly record struct Gap(ReconciliationRow Row, decimal Size, long Sequence);
}
