namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>The emulated spend-log table: append-only rows, copied out under a lock for each query.</summary>
internal sealed class SpendLogStore
{
    private readonly Lock _lock = new();
    private readonly List<StoredRow> _rows = [];
    private readonly Dictionary<string, List<StoredRow>> _byRequestId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StoredRow>> _byCallId = new(StringComparer.Ordinal);
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
                Index(_byRequestId, row.Row.RequestId, row);
                if (!string.IsNullOrEmpty(row.Row.LiteLLMCallId))
                {
                    Index(_byCallId, row.Row.LiteLLMCallId, row);
                }
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rows.Clear();
            _byRequestId.Clear();
            _byCallId.Clear();
        }
    }

    /// <summary>
    /// Returns the rows the batch writer has flushed by <paramref name="now"/>; only those of one request id when given,
    /// and then also the rows whose <c>litellm_call_id</c> is that id when <paramref name="matchCallId"/> (newer builds,
    /// LiteLLM PR 39068).
    /// </summary>
    public List<StoredRow> Visible(DateTimeOffset now, TimeSpan delay, string? requestId = null, bool matchCallId = false)
    {
        lock (_lock)
        {
            // The indexes keep a sync of thousands of rows from scanning the table once per row.
            if (string.IsNullOrEmpty(requestId))
            {
                return _rows.FindAll(stored => stored.Row.StartTime + delay <= now);
            }

            var found = _byRequestId.GetValueOrDefault(requestId)?.FindAll(stored => stored.Row.StartTime + delay <= now) ?? [];
            if (matchCallId && _byCallId.TryGetValue(requestId, out var byCall))
            {
                found.AddRange(byCall.FindAll(stored => stored.Row.StartTime + delay <= now && !found.Contains(stored)));
            }

            return found;
        }
    }

    private static void Index(Dictionary<string, List<StoredRow>> index, string key, StoredRow row)
    {
        if (!index.TryGetValue(key, out var same))
        {
            index[key] = same = [];
        }

        same.Add(row);
    }
}
