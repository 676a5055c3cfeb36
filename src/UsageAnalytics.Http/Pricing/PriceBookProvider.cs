using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace UsageAnalytics.Pricing;

/// <summary>
/// The registered <see cref="IPriceBookProvider"/>: loads the book from <c>UsageAnalytics:Pricing:Source</c> on first
/// use and hands out the same instance; once it is <c>RefreshInterval</c> old (by the registered
/// <see cref="TimeProvider"/>) the next call starts a reload in the background and still gets that book at once
/// (stale-while-revalidate). The reloaded book replaces it for the calls after the reload completes.
/// </summary>
/// <remarks>
/// <para>
/// Only the first load blocks: callers that find no book wait for it and share it (one caller cancelling its wait
/// does not stop it). A reload never blocks a caller, so a slow or unreachable price server (up to
/// <c>TimeoutSeconds</c>, 60 s by default) stalls no pricing call. One load runs at a time; it belongs to the provider,
/// not to a caller: it runs without the caller's execution context and is stopped by <see cref="Dispose"/> alone.
/// </para>
/// <para>
/// A failed reload keeps the last good book in use (logged at Warning, event 3001); a failed first load fails its
/// callers with <see cref="PriceBookLoadException"/> (event 3002). Either way the load is not tried again for
/// <see cref="FailureRetryDelay"/> (or the refresh interval, when shorter), so a caller pricing row after row does not
/// hammer a server that is down: within that delay callers get the last good book, or the same failure.
/// </para>
/// <para>
/// The book and its load time are one immutable <see cref="State"/>, replaced by a single reference write, so a caller
/// never sees a new book with an old load time. Every load's task has a continuation that observes its exception, so
/// a load nobody waits for (a reload, or a first load whose callers all gave up) never raises
/// <see cref="TaskScheduler.UnobservedTaskException"/>. A load that ends after <see cref="Dispose"/> publishes and
/// logs nothing.
/// </para>
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
    private Task _settled = Task.CompletedTask;
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

    /// <summary>
    /// For tests: a task that completes (never faults) once the most recently started load has finished and its
    /// outcome (book or failure) is published.
    /// </summary>
    internal Task LoadSettled
    {
        get
        {
            lock (_gate)
            {
                return _settled;
            }
        }
    }

    private TimeSpan RetryDelay => _options.RefreshInterval < FailureRetryDelay ? _options.RefreshInterval : FailureRetryDelay;

    public ValueTask<PriceBook> GetPriceBookAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        var state = Volatile.Read(ref _state);
        if (state.Book is not { } book)
        {
            return new ValueTask<PriceBook>(GetFirstAsync(cancellationToken));
        }

        var now = _timeProvider.GetUtcNow();
        if (IsStale(state, now) && Volatile.Read(ref _loading) is null && !InRetryDelay(state, now))
        {
            lock (_gate)
            {
                StartReloadIfDue(now);
            }
        }

        return new ValueTask<PriceBook>(book);
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

        // A load under way sees the cancellation (or, if it ignores it, finds _disposed set when it ends).
        _lifetime.Cancel();
        _lifetime.Dispose();
    }

    private bool IsStale(State state, DateTimeOffset now) => now - state.LoadedAt >= _options.RefreshInterval;

    private bool InRetryDelay(State state, DateTimeOffset now) => state.Failure is not null && now - state.FailedAt < RetryDelay;

    /// <summary>Starts a background reload when the book is stale, none is under way and no retry delay holds. Call under <see cref="_gate"/>.</summary>
    private void StartReloadIfDue(DateTimeOffset now)
    {
        var state = _state;
        if (!_disposed && _loading is null && state.Book is not null && IsStale(state, now) && !InRetryDelay(state, now))
        {
            StartLoad();
        }
    }

    /// <summary>The first load: callers wait for it and share it.</summary>
    private async Task<PriceBook> GetFirstAsync(CancellationToken cancellationToken)
    {
        Task<PriceBook> load;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var state = _state;
            var now = _timeProvider.GetUtcNow();
            if (state.Book is { } loaded)
            {
                // Loaded while this caller came in: it is the current book like any other.
                StartReloadIfDue(now);
                return loaded;
            }

            if (_loading is null && InRetryDelay(state, now))
            {
                ExceptionDispatchInfo.Throw(state.Failure!);
            }

            load = _loading ?? StartLoad();
        }

        try
        {
            return await load.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && Volatile.Read(ref _disposed))
        {
            throw new ObjectDisposedException(GetType().FullName, "The price book provider was disposed while the price book was loading.");
        }
    }

    /// <summary>Starts the one load. Call under <see cref="_gate"/>, not disposed, with no load under way.</summary>
    private Task<PriceBook> StartLoad()
    {
        // Task.Run: the load never completes inside this lock, so _loading is always the load under way; and no caller
        // runs any of it. No execution context flows: the load is the provider's, not the caller's (its HTTP activity
        // is not a child of whichever request happened to find the book stale).
        var token = _lifetime.Token;
        Task<PriceBook> load;
        if (ExecutionContext.IsFlowSuppressed())
        {
            load = Task.Run(() => LoadAndKeepAsync(token), CancellationToken.None);
        }
        else
        {
            using (ExecutionContext.SuppressFlow())
            {
                load = Task.Run(() => LoadAndKeepAsync(token), CancellationToken.None);
            }
        }

        _loading = load;

        // Reading Exception marks it observed: a reload nobody awaits, or a first load whose callers all stopped
        // waiting, must not surface later as TaskScheduler.UnobservedTaskException.
        _settled = load.ContinueWith(
            static task => _ = task.Exception,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return load;
    }

    private async Task<PriceBook> LoadAndKeepAsync(CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        PriceBook book;
        try
        {
            book = await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!Volatile.Read(ref _disposed))
        {
            return KeepFailure(ex);
        }
        catch (Exception ex)
        {
            // Disposed while loading (the cancellation, or whatever the disposed services threw): nothing is kept or
            // logged; callers still waiting see ObjectDisposedException.
            Abandon();
            throw new OperationCanceledException("The price book provider was disposed while the price book was loading.", ex, cancellationToken);
        }

        lock (_gate)
        {
            _loading = null;
            if (_disposed)
            {
                throw new OperationCanceledException("The price book provider was disposed while the price book was loading.", null, cancellationToken);
            }

            Volatile.Write(ref _state, new State(book, _timeProvider.GetUtcNow(), null, default));
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var elapsed = (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds;
            var source = DescribeSource();
            Log.PriceBookLoaded(_logger, source, elapsed, _options.RefreshInterval);
        }

        return book;
    }

    /// <summary>Records a failed load: returns the last good book (a failed reload) or throws the failure (a failed first load).</summary>
    private PriceBook KeepFailure(Exception exception)
    {
        var failure = exception as PriceBookLoadException ?? new PriceBookLoadException(
            $"The price book could not be loaded from {DescribeSource()}: {LogText.Safe(exception.Message)}",
            exception is OperationCanceledException ? PriceBookLoadFailureKind.Timeout : PriceBookLoadFailureKind.Other,
            DescribeSource(),
            statusCode: null,
            exception);
        State state;
        lock (_gate)
        {
            _loading = null;
            state = _state with { Failure = failure, FailedAt = _timeProvider.GetUtcNow() };
            Volatile.Write(ref _state, state);
        }

        if (state.Book is { } lastGood)
        {
            Log.PriceBookRefreshFailed(_logger, DescribeSource(), failure.Kind.ToString(), state.LoadedAt, RetryDelay, LogText.Safe(failure.Message), failure);
            return lastGood;
        }

        Log.PriceBookLoadFailed(_logger, DescribeSource(), failure.Kind.ToString(), RetryDelay, LogText.Safe(failure.Message), failure);
        throw failure;
    }

    private void Abandon()
    {
        lock (_gate)
        {
            _loading = null;
        }
    }

    /// <summary>What the provider holds: the last good book and when it loaded, and the last failure and when it happened.</summary>
    private sealed record State(PriceBook? Book, DateTimeOffset LoadedAt, PriceBookLoadException? Failure, DateTimeOffset FailedAt)
    {
        public static readonly State Empty = new(null, default, null, default);
    }
}
