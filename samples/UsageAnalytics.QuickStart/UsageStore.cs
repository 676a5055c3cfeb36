using System.Collections.Concurrent;
using UsageAnalytics.Records;

/// <summary>Stands in for the host's storage in the quick start: rows in memory, replaced by request id on save.</summary>
internal sealed class UsageStore
{
    private readonly ConcurrentDictionary<string, UsageRecord> _rows = new(StringComparer.Ordinal);

    /// <summary>Returns the stored rows.</summary>
    public Task<IReadOnlyList<UsageRecord>> LoadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<UsageRecord>>([.. _rows.Values]);
    }

    /// <summary>Stores a row (the synchronizer hands over rows with their actual cost and merged breakdown).</summary>
    public Task SaveAsync(UsageRecord row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        cancellationToken.ThrowIfCancellationRequested();
        _rows[row.RequestId ?? Guid.NewGuid().ToString("N")] = row;
        return Task.CompletedTask;
    }
}
