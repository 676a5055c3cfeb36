namespace UsageAnalytics.Pricing;

/// <summary>
/// Hands out the current price book, loaded from <c>UsageAnalytics:Pricing:Source</c> and kept fresh. Registered by
/// <c>AddUsageAnalytics</c> when that key is set (or by <c>AddPriceBook</c>). Thread-safe.
/// </summary>
public interface IPriceBookProvider
{
    /// <summary>Gets the current price book, loading it first when none is loaded yet or the loaded one is too old.</summary>
    /// <param name="cancellationToken">
    /// A token that stops this caller's wait; a load other callers share goes on (the provider's disposal stops it).
    /// </param>
    /// <returns>
    /// The book loaded at most <c>UsageAnalytics:Pricing:RefreshInterval</c> ago; after a failed reload, the last book
    /// that loaded (the failure is logged at Warning and the reload tried again later).
    /// </returns>
    /// <exception cref="PriceBookLoadException">No book has loaded yet and the load failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="ObjectDisposedException">The provider was disposed.</exception>
    ValueTask<PriceBook> GetPriceBookAsync(CancellationToken cancellationToken = default);
}
