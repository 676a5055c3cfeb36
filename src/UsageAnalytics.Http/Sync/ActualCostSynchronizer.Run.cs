using System.Globalization;
using Microsoft.Extensions.Logging;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sync;

/// <content>One synchronization run: its bounded fan-out, per-row outcome and tallies.</content>
public sealed partial class ActualCostSynchronizer
{
    private enum Outcome
    {
        Actualized,
        NotYetAvailable,
        Skipped,
        Failed,
    }

    /// <summary>The state of one run: counters behind one lock, so every progress snapshot is consistent.</summary>
    private sealed partial class Run : IDisposable
    {
        private readonly ActualCostSynchronizer _owner;
        private readonly Func<UsageRecord, CancellationToken, ValueTask> _onUpdated;
        private readonly IProgress<SyncProgress>? _progress;
        private readonly CancellationToken _callerToken;
        private readonly object _gate = new();
        private readonly List<SyncFailure> _failures = [];
        private int _actualized;
        private int _notYetAvailable;
        private int _skipped;
        private int _failed;
        private int _cacheHitsSettled;
        private int _tokenRepairedRows;

        public Run(
            ActualCostSynchronizer owner,
            Func<UsageRecord, CancellationToken, ValueTask> onUpdated,
            IProgress<SyncProgress>? progress,
            CancellationToken callerToken)
        {
            _owner = owner;
            _onUpdated = onUpdated;
            _progress = progress;
            _callerToken = callerToken;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
            Enabled = owner._options.Enabled;
            MinimumAge = owner._options.Sync.MinimumAge;
            ParallelOptions = new ParallelOptions
            {
                MaxDegreeOfParallelism = Enabled ? owner._options.Sync.MaxConcurrency : 1,

                // Fires on the caller's cancellation or on a stop (a rejected key): no further row is read either way.
                CancellationToken = _stop.Token,
            };
            if (!Enabled)
            {
                Log.SyncDisabled(owner._logger);
            }
        }

        public ParallelOptions ParallelOptions { get; }

        public bool WasCanceled { get; set; }

        private bool Enabled { get; }

        private TimeSpan MinimumAge { get; }

        public void Dispose() => _stop.Dispose();

        /// <summary>Settles one row read from the input in exactly one count.</summary>
        /// <param name="record">The row.</param>
        /// <param name="loopToken">
        /// The loop's token, which also fires when the run stops; not used, so a row already read finishes its work
        /// under the caller's token alone (a stop never cancels a lookup in flight).
        /// </param>
        public async ValueTask ProcessAsync(UsageRecord record, CancellationToken loopToken)
        {
            _ = loopToken;
            var cancellationToken = _callerToken;

            // A row read once the run has stopped is not settled: throwing ends the loop at once (a loop body that
            // settles rows synchronously would otherwise go on reading them), and such a row is in no count, as a row
            // never read or one in flight at a cancellation.
            _stop.Token.ThrowIfCancellationRequested();
            if (record is null || !Enabled || record.IsActualized)
            {
                Settle(Outcome.Skipped);
                return;
            }

            // Without an id there is nothing to look up, and nothing would tell a settled hit's row apart later: a cache
            // hit without one is skipped like any other row.
            var requestId = record.HasRequestId ? record.RequestId! : _owner._merger.ExtractRequestId(record.CostBreakdown);
            if (requestId is null)
            {
                Settle(Outcome.Skipped);
                return;
            }

            if (_owner._timeProvider.GetUtcNow() - record.Timestamp < MinimumAge)
            {
                Settle(Outcome.NotYetAvailable);
                return;
            }

            // Stopped between the check above and here: not looked up, and in no count.
            _stop.Token.ThrowIfCancellationRequested();

            SpendLogLookup lookup;
            try
            {
                lookup = await _owner._spendLogClient.LookupAsync(requestId, record.Timestamp, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!IsCallerCancellation(ex))
            {
                var (kind, status) = ex switch
                {
                    SpendLogRequestException request => (request.Kind, request.StatusCode),
                    SpendLogFormatException => (SpendLogFailureKind.MalformedSpendLog, null),
                    HttpRequestException http => (SpendLogFailureKind.Network, http.StatusCode),
                    TimeoutException or OperationCanceledException => (SpendLogFailureKind.Timeout, null),
                    _ => (SpendLogFailureKind.Other, (System.Net.HttpStatusCode?)null),
                };
                var message = Describe(ex);
                ObserveLookup(status, message);
                Fail(record, requestId, kind, message, ex, status);
                return;
            }

            if (lookup is null || lookup.Status == SpendLogLookupStatus.Failed)
            {
                var message = DescribeLookupFailure(lookup);
                ObserveLookup(lookup?.StatusCode, lookup?.Message ?? message);
                Fail(record, requestId, lookup?.FailureKind ?? SpendLogFailureKind.Other, message, exception: null, lookup?.StatusCode);
                return;
            }

            ObserveLookup(status: null, message: null);
            if (lookup.Status == SpendLogLookupStatus.Found && lookup.Entry is { } spendLog)
            {
                WarnIfCacheFlagsDisagree(record, requestId, spendLog);
                await ApplyAsync(record, requestId, spendLog, cancellationToken).ConfigureAwait(false);
                return;
            }

            // LiteLLM charges nothing for a response-cache hit, and the hit's own row is keyed by a suffixed id
            // (_cache_hit<unix time>) the record does not know: settle it at 0 rather than wait for a row that never comes.
            if (record.CacheHit == true)
            {
                await ApplyAsync(record, requestId, spendLog: null, cancellationToken).ConfigureAwait(false);
                return;
            }

            Settle(Outcome.NotYetAvailable);
        }

        public SyncResult Finish()
        {
            ConcludeProbe();
            lock (_gate)
            {
                var result = new SyncResult
                {
                    Actualized = _actualized,
                    NotYetAvailable = _notYetAvailable,
                    Skipped = _skipped,
                    Failed = _failed,
                    CacheHitsSettled = _cacheHitsSettled,
                    TokenRepairedRows = _tokenRepairedRows,
                    WasCanceled = WasCanceled,
                    StopReason = _stopReason,
                    Failures = _failures.ToArray(),
                };
                Log.SyncFinished(_owner._logger, result.Total, result.Actualized, result.NotYetAvailable, result.Skipped, result.Failed, result.WasCanceled);
                if (result.CacheHitsSettled > 0)
                {
                    Log.SyncCacheHitsSettled(_owner._logger, result.CacheHitsSettled);
                }

                if (result.TokenRepairedRows > 0)
                {
                    Log.SyncTokenRepairedRows(_owner._logger, result.TokenRepairedRows);
                }

                return result;
            }
        }

        private static string Describe(Exception exception) => exception.GetType().Name + ": " + exception.Message;

        private static string DescribeLookupFailure(SpendLogLookup? lookup)
        {
            if (lookup is null)
            {
                return "the spend-log client returned no lookup result";
            }

            var kind = lookup.FailureKind?.ToString() ?? "unknown";
            var status = lookup.StatusCode is { } code
                ? string.Create(CultureInfo.InvariantCulture, $", HTTP {(int)code}")
                : string.Empty;
            return "the spend-log lookup failed (" + kind + status + "): " + (lookup.Message ?? "no message");
        }

        private bool IsCallerCancellation(Exception exception) =>
            exception is OperationCanceledException && _callerToken.IsCancellationRequested;

        /// <summary>
        /// Warns when the record's response-cache flag (known) disagrees with the row's own: the merger then never copies
        /// the row's spend (the original call's, or a hit's 0 for a record that says it was no hit), see the class remarks.
        /// </summary>
        private void WarnIfCacheFlagsDisagree(UsageRecord record, string requestId, SpendLogEntry spendLog)
        {
            if (record.CacheHit is { } recordHit && recordHit != (spendLog.CacheHit == true) && spendLog.IsFor(requestId))
            {
                Log.SyncCacheFlagDisagrees(
                    _owner._logger,
                    LogText.Safe(requestId),
                    recordHit ? "true" : "false",
                    LogText.Safe(spendLog.RequestId),
                    spendLog.CacheHit switch { true => "True", false => "False", null => "None" });
            }
        }

        private void Fail(
            UsageRecord record,
            string requestId,
            SpendLogFailureKind kind,
            string message,
            Exception? exception,
            System.Net.HttpStatusCode? statusCode = null)
        {
            // The id and message may hold text from the proxy or the row: shortened and escaped in the log (LogText).
            Log.SyncRowFailed(_owner._logger, LogText.Safe(requestId), LogText.Safe(message), exception);
            Settle(Outcome.Failed, new SyncFailure { Record = record, RequestId = requestId, Kind = kind, StatusCode = statusCode, Message = message });
        }

        private void Settle(Outcome outcome, SyncFailure? failure = null, bool cacheHitSettled = false, bool tokenRepaired = false)
        {
            lock (_gate)
            {
                switch (outcome)
                {
                    case Outcome.Actualized:
                        _actualized++;
                        if (cacheHitSettled)
                        {
                            _cacheHitsSettled++;
                        }

                        if (tokenRepaired)
                        {
                            _tokenRepairedRows++;
                        }

                        break;
                    case Outcome.NotYetAvailable:
                        _notYetAvailable++;
                        break;
                    case Outcome.Skipped:
                        _skipped++;
                        break;
                    default:
                        _failed++;
                        _failures.Add(failure!);
                        break;
                }

                _progress?.Report(new SyncProgress
                {
                    Actualized = _actualized,
                    NotYetAvailable = _notYetAvailable,
                    Skipped = _skipped,
                    Failed = _failed,
                    CacheHitsSettled = _cacheHitsSettled,
                    TokenRepairedRows = _tokenRepairedRows,
                    StopReason = _stopReason,
                });
            }
        }
    }
}
