namespace UsageAnalytics.Pricing;

/// <summary>
/// Hands out the current price book, loaded from <c>UsageAnalytics:Pricing:Source</c> and kept fresh. Registered by
/// <c>AddUsageAnalytics</c> when that key is set (or by <c>AddPriceBook</c>). Thread-safe.
/// </summary>
public interface IPriceBookProvider
{
    /// <summary>
    /// Gets the current price book, loading it first when none is loaded yet. When the loaded one is
    /// <c>UsageAnalytics:Pricing:RefreshInterval</c> old, a reload starts in the background and this call still returns
    /// the loaded book at once.
    /// </summary>
    /// <param name="cancellationToken">
    /// A token that stops this caller's wait for the first load; the load (and any reload) goes on for the other callers
    /// (the provider's disposal stops it).
    /// </param>
    /// <returns>
    /// The last book that loaded: the current one until a background reload completes, and after a failed reload still
    /// the last good one (the failure is logged at Warning and the reload tried again later).
    /// </returns>
    /// <exception cref="PriceBookLoadException">No book has loaded yet and the load failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="ObjectDisposedException">The provider was disposed (before the call, or while it waited for the first load).</exception>
    ValueTask<PriceBook> GetPriceBookAsync(CancellationToken cancellationToken = default);
}
