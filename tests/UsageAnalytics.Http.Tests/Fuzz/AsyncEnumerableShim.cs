#if !NET10_0_OR_GREATER
namespace UsageAnalytics.Fuzz;

/// <summary>.NET 10's <c>System.Linq.AsyncEnumerable.ToListAsync</c>, for the net8.0 leg.</summary>
internal static class AsyncEnumerableShim
{
    public static async ValueTask<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source, CancellationToken cancellationToken = default)
    {
        var list = new List<T>();
        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            list.Add(item);
        }

        return list;
    }
}
#endif
