namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>The emulated spend-log table: append-only rows, copied out under a lock for each query.</summary>
internal sealed class SpendLogStore
{
    private readonly Lock _lock = new();
    private readonly List<StoredRow> _rows = [];
    private long _sequence;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _rows.Count;
            }
        }
    }

    public void Add(IEnumerable<SpendLogRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var stored = rows.Select(row => StoredRow.From(row, Interlocked.Increment(ref _sequence))).ToList();
        lock (_lock)
        {
            _rows.AddRange(stored);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rows.Clear();
        }
    }

    /// <summary>Returns the rows the batch writer has flushed by <paramref name="now"/>.</summary>
    public List<StoredRow> Visible(DateTimeOffset now, TimeSpan delay)
    {
        lock (_lock)
        {
            return _rows.FindAll(stored => stored.Row.StartTime + delay <= now);
        }
    }
}
