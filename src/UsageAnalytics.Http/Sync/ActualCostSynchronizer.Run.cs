using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Costs;
using UsageAnalytics.DependencyInjection;
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
    private sealed class Run
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
            Enabled = owner._options.Enabled;
            MinimumAge = owner._options.Sync.MinimumAge;
            ParallelOptions = new ParallelOptions
            {
                MaxDegreeOfParallelism = Enabled ? owner._options.Sync.MaxConcurrency : 1,
                CancellationToken = callerToken,
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

        public async ValueTask ProcessAsync(UsageRecord record, CancellationToken cancellationToken)
        {
            if (record is null || !Enabled || record.IsActualized)
            {
                Settle(Outcome.Skipped);
                return;
            }

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
                Fail(record, requestId, kind, Describe(ex), ex, status);
                return;
            }

            if (lookup is null || lookup.Status == SpendLogLookupStatus.Failed)
            {
                Fail(record, requestId, lookup?.FailureKind ?? SpendLogFailureKind.Other, DescribeLookupFailure(lookup), exception: null, lookup?.StatusCode);
                return;
            }

            if (lookup.Status != SpendLogLookupStatus.Found || lookup.Entry is not { } spendLog)
            {
                Settle(Outcome.NotYetAvailable);
                return;
            }

            CostMergeResult merge;
            try
            {
                merge = _owner._merger.Merge(record, spendLog);
            }
            catch (CostBreakdownException ex)
            {
                Fail(record, requestId, SpendLogFailureKind.MalformedCostBreakdown, ex.Message, ex);
                return;
            }
            catch (SpendLogFormatException ex)
            {
                Fail(record, requestId, SpendLogFailureKind.MalformedSpendLog, ex.Message, ex);
                return;
            }
            catch (Exception ex) when (!IsCallerCancellation(ex))
            {
                // The merger documents only the two above; anything else is still this row's failure, never the run's.
                Fail(record, requestId, SpendLogFailureKind.Other, "the merger threw " + Describe(ex), ex);
                return;
            }

            if (!merge.IsMerged || merge.Record is null)
            {
                Fail(
                    record,
                    requestId,
                    merge.Status switch
                    {
                        CostMergeStatus.RequestIdMismatch => SpendLogFailureKind.RequestIdMismatch,
                        CostMergeStatus.CurrencyMismatch => SpendLogFailureKind.CurrencyMismatch,
                        _ => SpendLogFailureKind.Other,
                    },
                    string.Create(CultureInfo.InvariantCulture, $"the merger refused the spend log ({merge.Status})"),
                    exception: null);
                return;
            }

            try
            {
                await _onUpdated(merge.Record, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!IsCallerCancellation(ex))
            {
                Fail(record, requestId, SpendLogFailureKind.CallbackFailed, "the callback threw " + Describe(ex), ex);
                return;
            }

            Settle(Outcome.Actualized);
        }

        public SyncResult Finish()
        {
            lock (_gate)
            {
                var result = new SyncResult
                {
                    Actualized = _actualized,
                    NotYetAvailable = _notYetAvailable,
                    Skipped = _skipped,
                    Failed = _failed,
                    WasCanceled = WasCanceled,
                    Failures = _failures.ToArray(),
                };
                Log.SyncFinished(_owner._logger, result.Total, result.Actualized, result.NotYetAvailable, result.Skipped, result.Failed, result.WasCanceled);
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

        private void Settle(Outcome outcome, SyncFailure? failure = null)
        {
            lock (_gate)
            {
                switch (outcome)
                {
                    case Outcome.Actualized:
                        _actualized++;
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
                });
            }
        }
    }
}
