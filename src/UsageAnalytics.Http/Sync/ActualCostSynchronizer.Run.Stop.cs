using System.Globalization;
using System.Net;

namespace UsageAnalytics.Sync;

/// <content>The stop rule: a run whose first lookups are all refused with HTTP 401 or 403 stops instead of hammering the proxy.</content>
public sealed partial class ActualCostSynchronizer
{
    /// <summary>How many lookups, the first to complete in a run, decide whether LiteLLM rejects the key: 3.</summary>
    internal const int KeyProbeLookups = 3;

    private sealed partial class Run
    {
        private readonly CancellationTokenSource _stop;
        private int _probed;
        private bool _probeDecided;
        private string? _firstRejection;
        private string? _stopReason;

        /// <summary>Gets whether the run stopped because LiteLLM rejected the key.</summary>
        public bool IsStopped => StoppedBy() is not null;

        private static bool IsKeyRejection(HttpStatusCode? status) => status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

        private string? StoppedBy()
        {
            lock (_gate)
            {
                return _stopReason;
            }
        }

        /// <summary>
        /// Counts one completed lookup toward the key probe: once <see cref="KeyProbeLookups"/> lookups have completed and
        /// every one was refused with 401 or 403, the run stops (no further row is read or looked up). A lookup that was
        /// not refused decides the probe for good: a later 401 or 403 is an ordinary row failure.
        /// </summary>
        /// <param name="status">The failed lookup's HTTP status; <see langword="null"/> for a lookup that did not fail or had none.</param>
        /// <param name="message">What the server said (for the stop reason).</param>
        private void ObserveLookup(HttpStatusCode? status, string? message)
        {
            string stopped;
            int lookups;
            lock (_gate)
            {
                if (_probeDecided)
                {
                    return;
                }

                _probed++;
                if (!IsKeyRejection(status))
                {
                    _probeDecided = true;
                    return;
                }

                _firstRejection ??= RejectionReason(status!.Value, message);
                if (_probed < KeyProbeLookups)
                {
                    return;
                }

                _probeDecided = true;
                _stopReason = stopped = _firstRejection;
                lookups = _probed;
            }

            // Cancel first, then log: outside the lock (the loop's own cancellation callback runs here, and it must not
            // wait on our counters), and before the log write, which can be slow (a console), so that no freed worker
            // starts another lookup in the meantime (before this order, 19 to 36 lookups were seen instead of 3 + 8).
            _stop.Cancel();
            Log.SyncStopped(_owner._logger, lookups, stopped);
        }

        /// <summary>
        /// At the end of a run that made fewer than <see cref="KeyProbeLookups"/> lookups, all refused with 401 or 403
        /// (N = the rows it looked up): the key is as rejected as after three, so the result says so. Not after the
        /// caller's cancellation, when the rows left unread may have changed the verdict.
        /// </summary>
        private void ConcludeProbe()
        {
            string stopped;
            int lookups;
            lock (_gate)
            {
                if (_probeDecided || _firstRejection is null || WasCanceled)
                {
                    return;
                }

                _probeDecided = true;
                _stopReason = stopped = _firstRejection;
                lookups = _probed;
            }

            Log.SyncStopped(_owner._logger, lookups, stopped);
        }

        /// <summary>The stop reason: the status and what the server said, shortened and escaped, never the key.</summary>
        private string RejectionReason(HttpStatusCode status, string? message)
        {
            var text = message ?? "no message";
            var key = _owner._options.LiteLLM?.ApiKey;
            if (!string.IsNullOrEmpty(key))
            {
                // Our client already redacts it; a custom ISpendLogClient may not.
                text = text.Replace(key, "***", StringComparison.Ordinal);
            }

            return string.Create(CultureInfo.InvariantCulture, $"LiteLLM rejected the API key (HTTP {(int)status} {status}: {LogText.Safe(text)})");
        }
    }
}
