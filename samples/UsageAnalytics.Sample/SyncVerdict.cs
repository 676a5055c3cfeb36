using System.Globalization;
using System.Net;
using UsageAnalytics.LiteLLM;
using UsageAnalytics.Sync;

namespace UsageAnalytics.Sample;

/// <summary>
/// Whether a sync really worked, and if not, why in one line: the sample exits 1 and prints
/// <c>dashboard: FAILED (reason)</c> instead of <c>dashboard: OK</c>.
/// </summary>
/// <remarks>
/// A run failed when it was stopped because the proxy rejected the key, or when it looked rows up and every lookup
/// failed (none was answered, found or not). Then the reason says which: the key was rejected (HTTP 401/403), the
/// proxy could not be reached (network failures, timeouts, an open circuit), or the lookups failed otherwise (the
/// kinds and counts, and the first message). A run where some lookups failed and others were answered worked: its
/// failures are listed and a later run retries them. A run with nothing to look up worked too.
/// </remarks>
internal sealed record SyncVerdict
{
    /// <summary>Gets the verdict of a run that worked.</summary>
    public static SyncVerdict Ok { get; } = new();

    /// <summary>Gets why the run failed, or <see langword="null"/> when it worked.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Gets whether the run worked.</summary>
    public bool Worked => FailureReason is null;

    /// <summary>Judges a run.</summary>
    /// <param name="result">The run's counts and failures.</param>
    /// <param name="stopReason">Why the synchronizer stopped the run on its own (<see cref="SyncResult.StopReason"/>: its
    /// first lookups were all refused with 401 or 403), or <see langword="null"/>.</param>
    /// <param name="notLookedUp">How many rows the run settled as not yet available without a lookup (younger than
    /// <c>UsageAnalytics:Sync:MinimumAge</c>); the other not-yet rows were lookups LiteLLM answered.</param>
    /// <param name="proxy">The proxy's base URL, named when it could not be reached.</param>
    public static SyncVerdict Of(SyncResult result, string? stopReason, int notLookedUp, string? proxy)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (stopReason is not null)
        {
            return Failed($"{stopReason.TrimEnd('.')}; the sync stopped after its first lookups");
        }

        var answered = result.Actualized + Math.Max(0, result.NotYetAvailable - notLookedUp);
        var lookupFailures = result.Failures.Where(f => IsLookupFailure(f.Kind)).ToList();
        if (answered > 0 || lookupFailures.Count == 0 || lookupFailures.Count < result.Failed)
        {
            return Ok;
        }

        var count = lookupFailures.Count;
        var first = lookupFailures[0];
        var message = first.Message.TrimEnd('.');
        if (lookupFailures.All(f => f.Kind is SpendLogFailureKind.HttpStatus && f.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
        {
            return Failed($"the proxy rejected the key: HTTP {(int)first.StatusCode!.Value} on every one of the {count} lookups ({message})");
        }

        if (lookupFailures.All(f => f.Kind is SpendLogFailureKind.Network or SpendLogFailureKind.Timeout or SpendLogFailureKind.CircuitOpen))
        {
            return Failed($"the proxy could not be reached at {proxy}: every one of the {count} lookups failed ({Kinds(lookupFailures)}; {message})");
        }

        return Failed($"every one of the {count} lookups failed ({Kinds(lookupFailures)}; first: {message})");
    }

    private static SyncVerdict Failed(FormattableString reason) =>
        new() { FailureReason = reason.ToString(CultureInfo.InvariantCulture).ReplaceLineEndings(" ") };

    /// <summary>Failures of the lookup itself; the sync's own kinds (a malformed breakdown, a refused merge, the
    /// callback) mean LiteLLM did answer.</summary>
    private static bool IsLookupFailure(SpendLogFailureKind kind) => kind is not (
        SpendLogFailureKind.MalformedCostBreakdown
        or SpendLogFailureKind.RequestIdMismatch
        or SpendLogFailureKind.CurrencyMismatch
        or SpendLogFailureKind.CallbackFailed);

    /// <summary>"HttpStatus 500 x 4, CircuitOpen x 2", most frequent first.</summary>
    private static string Kinds(IEnumerable<SyncFailure> failures) => string.Join(
        ", ",
        failures
            .GroupBy(f => f.StatusCode is { } status
                ? string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status}")
                : f.Kind.ToString())
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} x {g.Count()}")));
}
