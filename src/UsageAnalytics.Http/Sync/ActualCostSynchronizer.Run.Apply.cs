using System.Globalization;
using UsageAnalytics.Costs;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sync;

/// <content>Applying a row's outcome: the merge (or a cache hit's settlement at 0) and the caller's callback.</content>
public sealed partial class ActualCostSynchronizer
{
    private sealed partial class Run
    {
        /// <summary>
        /// Merges the row found into the record, or settles a response-cache hit whose row was not found
        /// (<paramref name="spendLog"/> <see langword="null"/>) at LLM cost 0, then hands the result to the callback.
        /// </summary>
        private async ValueTask ApplyAsync(UsageRecord record, string requestId, SpendLogEntry? spendLog, CancellationToken cancellationToken)
        {
            CostMergeResult merge;
            try
            {
                merge = spendLog is null ? _owner._merger.SettleCacheHit(record) : _owner._merger.Merge(record, spendLog);
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

            // Only a merge stores the row's (repaired) token counts; a settled hit keeps the record's own.
            Settle(
                Outcome.Actualized,
                cacheHitSettled: merge.Status == CostMergeStatus.CacheHitSettled,
                tokenRepaired: merge.Status == CostMergeStatus.Merged && spendLog is { TokenRepairs: not SpendLogTokenRepairs.None });
        }
    }
}
