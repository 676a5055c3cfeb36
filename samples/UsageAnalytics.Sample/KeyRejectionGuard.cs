using System.Globalization;
using System.Net;
using UsageAnalytics.LiteLLM;

namespace UsageAnalytics.Sample;

/// <summary>
/// Stops a sync early when the proxy rejects the key: when the first <see cref="Probe"/> lookups of a run to settle all
/// failed with HTTP 401 or 403, it records why and cancels the run's token, so a wrong key costs a handful of requests
/// instead of one per row. Any other first answer disarms it for the run.
/// </summary>
/// <remarks>
/// The sample's stand-in for the library's own early stop (a <c>SyncResult.StopReason</c> is on its way): it sees the
/// lookups through <see cref="Client"/>, a decorator of the <see cref="ISpendLogClient"/> registered in DI. Rows in
/// flight when it trips stay unsettled, and the run is reported as stopped. LiteLLM answers 401 for a wrong or missing
/// key (and, on old builds, for a missing database) and 403 for a key without the scope to read spend logs.
/// </remarks>
internal sealed class KeyRejectionGuard
{
    /// <summary>How many settled lookups must all be rejections before the run stops.</summary>
    public const int Probe = 3;

    private readonly Lock _gate = new();
    private CancellationTokenSource? _run;
    private int _settled;
    private bool _disarmed;
    private string? _firstMessage;
    private HttpStatusCode? _firstStatus;

    /// <summary>Gets why the current run was stopped, or <see langword="null"/> while it was not.</summary>
    public string? Reason { get; private set; }

    /// <summary>Starts watching a run; the guard cancels <paramref name="run"/> when it trips.</summary>
    public void Arm(CancellationTokenSource run)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            _run = run;
            _settled = 0;
            _disarmed = false;
            _firstMessage = null;
            _firstStatus = null;
            Reason = null;
        }
    }

    /// <summary>Counts one settled lookup.</summary>
    public void Observe(SpendLogLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        CancellationTokenSource? trip = null;
        lock (_gate)
        {
            if (_run is null || _disarmed || Reason is not null)
            {
                return;
            }

            if (!IsRejection(lookup))
            {
                _disarmed = true;
                return;
            }

            _firstMessage ??= lookup.Message;
            _firstStatus ??= lookup.StatusCode;
            if (++_settled >= Probe)
            {
                Reason = string.Create(
                    CultureInfo.InvariantCulture,
                    $"the proxy rejected the key: HTTP {(int)_firstStatus!.Value} on each of the first {Probe} lookups, sync stopped ({_firstMessage?.TrimEnd('.')})");
                trip = _run;
            }
        }

        trip?.Cancel();
    }

    /// <summary>Counts a lookup that threw (anything but cancellation): not a rejection, so it disarms the guard.</summary>
    public void ObserveThrown()
    {
        lock (_gate)
        {
            _disarmed = true;
        }
    }

    /// <summary>Whether a lookup is LiteLLM refusing the key.</summary>
    public static bool IsRejection(SpendLogLookup lookup) =>
        lookup.Status == SpendLogLookupStatus.Failed
        && lookup.FailureKind == SpendLogFailureKind.HttpStatus
        && lookup.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    /// <summary>The <see cref="ISpendLogClient"/> decorator that reports every lookup to the guard.</summary>
    internal sealed class Client(ISpendLogClient inner, KeyRejectionGuard guard) : ISpendLogClient
    {
        public Task<SpendLogEntry?> FetchAsync(string requestId, DateTimeOffset around, CancellationToken cancellationToken = default) =>
            inner.FetchAsync(requestId, around, cancellationToken);

        public async Task<SpendLogLookup> LookupAsync(string requestId, DateTimeOffset around, CancellationToken cancellationToken = default)
        {
            SpendLogLookup lookup;
            try
            {
                lookup = await inner.LookupAsync(requestId, around, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                guard.ObserveThrown();
                throw;
            }

            if (lookup is not null)
            {
                guard.Observe(lookup);
            }

            return lookup!;
        }

        public IAsyncEnumerable<SpendLogEntry> ListAsync(SpendLogQuery query, CancellationToken cancellationToken = default) =>
            inner.ListAsync(query, cancellationToken);
    }
}
