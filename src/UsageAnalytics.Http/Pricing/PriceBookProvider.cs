using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace UsageAnalytics.Pricing;

/// <summary>
/// The registered <see cref="IPriceBookProvider"/>: loads the book from <c>UsageAnalytics:Pricing:Source</c> on first
/// use, hands out the same instance until it is <c>RefreshInterval</c> old (by the registered <see cref="TimeProvider"/>),
/// then reloads it. One load runs at a time and every caller waiting meanwhile shares it.
/// </summary>
/// <remarks>
/// A failed reload keeps the last good book in use (logged at Warning, event 3001); a failed first load fails its
/// callers with <see cref="PriceBookLoadException"/> (event 3002). Either way the load is not tried again for
/// <see cref="FailureRetryDelay"/> (or the refresh interval, when shorter), so a caller pricing row after row does not
/// hammer a server that is down: within that delay callers get the last good book, or the same failure.
/// </remarks>
internal sealed partial class PriceBookProvider : IPriceBookProvider, IDisposable
{
    /// <summary>How long after a failed load the next one is tried: 1 minute (capped at the refresh interval).</summary>
    internal static readonly TimeSpan FailureRetryDelay = TimeSpan.FromMinutes(1);

    private readonly PriceBookOptions _options;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly object _gate = new();
    private State _state = State.Empty;
    private Task<PriceBook>? _loading;
    private bool _disposed;

    public PriceBookProvider(IOptions<PriceBookOptions> options, IServiceProvider services, TimeProvider timeProvider, ILogger<PriceBookProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = PriceBookOptionsValidator.EnsureValid(options.Value, nameof(options));
        _services = services;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    private TimeSpan RetryDelay => _options.RefreshInterval < FailureRetryDelay ? _options.RefreshInterval : FailureRetryDelay;

    public ValueTask<PriceBook> GetPriceBookAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        var state = Volatile.Read(ref _state);
        return state.Book is { } book && _timeProvider.GetUtcNow() - state.LoadedAt < _options.RefreshInterval
            ? new ValueTask<PriceBook>(book)
            : new ValueTask<PriceBook>(GetSlowAsync(cancellationToken));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
        }

        _lifetime.Cancel();
        _lifetime.Dispose();
    }

    private async Task<PriceBook> GetSlowAsync(CancellationToken cancellationToken)
    {
        Task<PriceBook> load;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var state = _state;
            var now = _timeProvider.GetUtcNow();
            if (state.Book is { } fresh && now - state.LoadedAt < _options.RefreshInterval)
            {
                return fresh;
            }

            if (_loading is null && state.Failure is { } failure && now - state.FailedAt < RetryDelay)
            {
                if (state.Book is { } lastGood)
                {
                    return lastGood;
                }

                ExceptionDispatchInfo.Throw(failure);
            }

            // Task.Run: the load never completes inside this lock, so _loading is always the load under way.
            var token = _lifetime.Token;
            load = _loading ??= Task.Run(() => LoadAndKeepAsync(token), CancellationToken.None);
        }

        return await load.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<PriceBook> LoadAndKeepAsync(CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        try
        {
            var book = await LoadAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _state = new State(book, _timeProvider.GetUtcNow(), null, default);
                _loading = null;
            }

            if (_logger.IsEnabled(LogLevel.Information))
            {
                var elapsed = (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds;
                var source = DescribeSource();
                Log.PriceBookLoaded(_logger, source, elapsed, _options.RefreshInterval);
            }

            return book;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failure = ex as PriceBookLoadException ?? new PriceBookLoadException(
                $"The price book could not be loaded from {DescribeSource()}: {LogText.Safe(ex.Message)}",
                ex is OperationCanceledException ? PriceBookLoadFailureKind.Timeout : PriceBookLoadFailureKind.Other,
                DescribeSource(),
                statusCode: null,
                ex);
            State state;
            lock (_gate)
            {
                state = _state = _state with { Failure = failure, FailedAt = _timeProvider.GetUtcNow() };
                _loading = null;
            }

            if (state.Book is { } lastGood)
            {
                Log.PriceBookRefreshFailed(_logger, DescribeSource(), failure.Kind.ToString(), state.LoadedAt, RetryDelay, LogText.Safe(failure.Message), failure);
                return lastGood;
            }

            Log.PriceBookLoadFailed(_logger, DescribeSource(), failure.Kind.ToString(), RetryDelay, LogText.Safe(failure.Message), failure);
            throw failure;
        }
        catch (OperationCanceledException)
        {
            // Disposed while loading: nothing is kept, callers see the cancellation.
            lock (_gate)
            {
                _loading = null;
            }

            throw;
        }
    }

    /// <summary>What the provider holds: the last good book and when it loaded, and the last failure and when it happened.</summary>
    private sealed record State(PriceBook? Book, DateTimeOffset LoadedAt, PriceBookLoadException? Failure, DateTimeOffset FailedAt)
    {
        public static readonly State Empty = new(null, default, null, default);
    }
}
