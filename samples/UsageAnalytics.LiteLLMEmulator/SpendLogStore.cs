namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>The emulated spend-log table: append-only rows, copied out under a lock for each query.</summary>
internal sealed class SpendLogStore
{
    private readonly Lock _lock = new();
    private readonly List<StoredRow> _rows = [];
    private readonly Dictionary<string, List<StoredRow>> _byRequestId = new(StringComparer.Ordinal);
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
            foreach (var row in stored)
            {
                if (!_byRequestId.TryGetValue(row.Row.RequestId, out var same))
                {
                    _byRequestId[row.Row.RequestId] = same = [];
                }

                same.Add(row);
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rows.Clear();
            _byRequestId.Clear();
        }
    }

    /// <summary>Returns the rows the batch writer has flushed by <paramref name="now"/>, only those of one request id when given.</summary>
    public List<StoredRow> Visible(DateTimeOffset now, TimeSpan delay, string? requestId = null)
    {
        lock (_lock)
        {
            // The request-id index keeps a sync of thousands of rows from scanning the table once per row.
            var candidates = string.IsNullOrEmpty(requestId) ? _rows : _byRequestId.GetValueOrDefault(requestId);
            return candidates is null ? [] : candidates.FindAll(stored => stored.Row.StartTime + delay <= now);
        }
    }
}
