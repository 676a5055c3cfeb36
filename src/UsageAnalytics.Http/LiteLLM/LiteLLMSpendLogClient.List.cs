using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using UsageAnalytics.Costs;
using UsageAnalytics.DependencyInjection;

namespace UsageAnalytics.LiteLLM;

/// <content>Listing spend logs over a time window, page by page.</content>
public sealed partial class LiteLLMSpendLogClient
{
    /// <summary>How many full pages in a row may add no new usable row before a listing ends: 3.</summary>
    private const int MaxBarrenPages = 3;

    /// <summary>Lists the spend-log rows that match a query, page by page, each request id at most once.</summary>
    /// <param name="query">The time window and filters.</param>
    /// <param name="cancellationToken">A token that cancels the listing.</param>
    /// <returns>The matching rows, streamed as pages arrive.</returns>
    /// <remarks>
    /// <para>
    /// The same as <see cref="ListAsync(SpendLogListing, CancellationToken)"/> over a new <see cref="SpendLogListing"/>
    /// of <paramref name="query"/>: see there for paging, window splitting and the stop rules. When a page still fails
    /// after the retries, the rows already yielded stay yielded and the <see cref="SpendLogRequestException"/> carries
    /// <see cref="SpendLogRequestException.ResumeQuery"/>, the query of the rows not yet delivered; to resume in the same
    /// process without delivering any row twice, list a <see cref="SpendLogListing"/> instead and enumerate it again.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="SpendLogQuery.To"/> is before <see cref="SpendLogQuery.From"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SpendLogQuery.PageSize"/> is not between 1 and 1000.</exception>
    /// <exception cref="InvalidOperationException">UsageAnalytics is disabled (<c>UsageAnalytics:Enabled</c> is false).</exception>
    /// <exception cref="NotSupportedException">The configured path is LiteLLM's v1 endpoint, which does not page rows.</exception>
    /// <exception cref="SpendLogRequestException">A page could not be read (after retries); it carries the resume query.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
#pragma warning disable RS0026 // The overloads differ in their first parameter's type, so no call is ambiguous.
    public IAsyncEnumerable<SpendLogEntry> ListAsync(SpendLogQuery query, CancellationToken cancellationToken = default)
#pragma warning restore RS0026
    {
        ArgumentNullException.ThrowIfNull(query);
        return ListAsync(new SpendLogListing(query), cancellationToken);
    }

    /// <summary>
    /// Lists the spend-log rows of a <see cref="SpendLogListing"/> from where it stands, page by page, each request id
    /// at most once over all its enumerations, and advances it.
    /// </summary>
    /// <param name="listing">The listing: its query and how far it got.</param>
    /// <param name="cancellationToken">A token that cancels the listing.</param>
    /// <returns>The matching rows not yet delivered by <paramref name="listing"/>, streamed as pages arrive.</returns>
    /// <remarks>
    /// <para>
    /// Pages are requested with <c>page_size</c> = <see cref="SpendLogQuery.PageSize"/> or
    /// <c>UsageAnalytics:LiteLLM:PageSize</c> (default 100; fixed by the listing's first enumeration), from page 1 of a
    /// window until a page comes back shorter than that; <c>total_pages</c> is never trusted. A window whose full first
    /// page reports <c>total</c> ≥ 10,000 or <c>total_is_capped: true</c> (LiteLLM's cap) is split at a whole second into
    /// two halves that overlap at that second, read earlier half first (see <see cref="SpendLogListing"/>), so no request
    /// asks for an offset of 10,000 or more unless a single second holds that many rows (or the rows grow past 10,000
    /// while the window is read). A short first page, or one holding rows outside the window (a proxy that ignores it),
    /// is not split. A window's rows come in the proxy's order (newest first by default).
    /// </para>
    /// <para>
    /// A request id already delivered by the listing in the window (rows shift between pages while new ones arrive, and
    /// halves share a second) is not delivered again; separate listings do not share what they delivered. Two rules end
    /// a window early, each logged at Warning: three full pages in a row that add no new usable row (only <c>null</c>
    /// items, malformed rows, or rows already seen on earlier pages of the window: a page of repeats alone does not end
    /// it, since rows arriving newest first shift the next page onto rows already delivered); and, when the window's
    /// <c>total</c> is known (present, not capped, under 10,000; the largest its pages reported), reading more than
    /// <c>ceil(total / page_size)</c> pages plus a slack of <c>max(3, a tenth of that)</c> for rows arriving meanwhile.
    /// So a proxy that ignores <c>page</c> stops after a few pages, or after that many pages if it adds rows between
    /// requests. Without a known <c>total</c> only the first rule applies: a proxy that ignores <c>page</c> but gains a
    /// new row before every request keeps the listing going as long as it does (cancel it, or stop enumerating).
    /// A malformed or hostile page never causes a split unless most of its items are rows with a <c>startTime</c>, all
    /// inside the window.
    /// </para>
    /// <para>
    /// Malformed rows are skipped and logged at Warning, once per page with their count; the listing goes on. A page that
    /// fails after the resilience pipeline's retries (HTTP error, timeout, network failure, oversized body, or a body that
    /// is still cut off or malformed: those are retried like a 5xx) sets <see cref="SpendLogListing.LastError"/> and
    /// throws it; rows already yielded stay yielded, and enumerating the listing again asks for that same page of that
    /// same window. A redirect is never followed (kind <see cref="SpendLogFailureKind.Redirected"/>), and a
    /// <c>Retry-After</c> longer than <c>UsageAnalytics:LiteLLM:MaxRetryAfter</c> fails the page at once (kind
    /// <see cref="SpendLogFailureKind.HttpStatus"/>, with <see cref="SpendLogRequestException.RetryAfter"/>). Every page,
    /// body included, must arrive within the total request timeout. A listing that is already complete yields nothing.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="listing"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">
    /// UsageAnalytics is disabled (<c>UsageAnalytics:Enabled</c> is false); or, when the enumeration starts, another
    /// enumeration of the same listing is running.
    /// </exception>
    /// <exception cref="NotSupportedException">The configured path is LiteLLM's v1 endpoint, which does not page rows.</exception>
    /// <exception cref="SpendLogRequestException">
    /// A page could not be read (after retries); <see cref="SpendLogRequestException.ResumeQuery"/> is the listing's
    /// <see cref="SpendLogListing.RemainingQuery"/>.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
#pragma warning disable RS0026 // The overloads differ in their first parameter's type, so no call is ambiguous.
    public IAsyncEnumerable<SpendLogEntry> ListAsync(SpendLogListing listing, CancellationToken cancellationToken = default)
#pragma warning restore RS0026
    {
        ArgumentNullException.ThrowIfNull(listing);
        if (!_options.Enabled)
        {
            throw new InvalidOperationException("UsageAnalytics is disabled (UsageAnalytics:Enabled is false); spend logs cannot be listed.");
        }

        if (IsV1)
        {
            throw new NotSupportedException(
                "Listing needs LiteLLM's paged /spend/logs/v2 endpoint; UsageAnalytics:LiteLLM:SpendLogPath names the v1 endpoint.");
        }

        return ListCoreAsync(listing, cancellationToken);
    }

    private async IAsyncEnumerable<SpendLogEntry> ListCoreAsync(
        SpendLogListing listing,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!listing.TryBeginEnumeration())
        {
            throw new InvalidOperationException("This SpendLogListing is being enumerated already; a listing allows one enumeration at a time.");
        }

        try
        {
            var pageSize = listing.PageSize ??= listing.Query.PageSize ?? LiteLLM.PageSize;
            while (true)
            {
                while (listing.TryTakePending(out var row))
                {
                    yield return row;
                }

                if (listing.WindowDone)
                {
                    listing.FinishWindow();
                }

                if (listing.IsComplete)
                {
                    yield break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                await ReadPageAsync(listing, pageSize, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            listing.EndEnumeration();
        }
    }

    /// <summary>Reads the listing's next page and takes it in: rows queued, the window split, ended or moved on a page.</summary>
    private async Task ReadPageAsync(SpendLogListing listing, int pageSize, CancellationToken cancellationToken)
    {
        var window = listing.Current;
        var pageNumber = listing.Page;
        SpendLogPage page;
        try
        {
            page = await FetchPageAsync(listing.Query, window, pageNumber, pageSize, listing.RemainingQuery, cancellationToken).ConfigureAwait(false);
        }
        catch (SpendLogRequestException ex)
        {
            listing.LastError = ex;
            throw;
        }

        listing.LastError = null;
        if (pageNumber == 1 && (page.Total >= listing.SplitThreshold || page.TotalIsCapped == true) && IsHonestFullPage(page, window, pageSize))
        {
            if (window.CanSplit)
            {
                // Page 1's rows are dropped unread: both halves deliver them, and nothing of this window was delivered.
                listing.SplitCurrent();
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    var from = FormatDate(window.From, roundUp: false);
                    var to = FormatDate(window.To, roundUp: true);
                    var middle = FormatDate(window.Split().Earlier.To, roundUp: false);
                    var path = LogText.Safe(Path);
                    Log.WindowSplit(_logger, from, to, page.Total ?? -1, middle, path);
                }

                return;
            }

            if (!listing.DeepPagingLogged)
            {
                listing.DeepPagingLogged = true;
                Log.WindowPagedDeep(_logger, FormatDate(window.From, roundUp: false), FormatDate(window.To, roundUp: true), page.Total ?? -1, LogText.Safe(Path));
            }
        }

        var (repeats, fresh) = listing.Accept(page);
        listing.NoteTotal(page);
        if (page.ItemCount < pageSize)
        {
            listing.EndWindow();
            return;
        }

        // A full page that adds no new usable row (only nulls, malformed rows or repeats) may be a proxy that ignores
        // `page`; a few in a row could be honest gaps, more are taken as the window's end. A page of nothing but rows
        // already seen counts the same way and does not end the window by itself: when new rows arrive while a window is
        // read (newest first), the page after them shifts onto rows already delivered, and older rows still follow.
        listing.BarrenPages = fresh == 0 ? listing.BarrenPages + 1 : 0;
        if (listing.BarrenPages >= MaxBarrenPages)
        {
            if (repeats == page.ItemCount)
            {
                Log.PageRepeated(_logger, pageNumber, LogText.Safe(Path));
            }
            else
            {
                Log.ListingStalled(_logger, pageNumber, LogText.Safe(Path), listing.BarrenPages);
            }

            listing.EndWindow();
            return;
        }

        // A proxy that ignores `page` but gains a row between requests never sends a barren page: when the window's
        // (uncapped) total is known, it bounds how many pages the window can honestly need.
        if (listing.MaxPagesForTotal(pageSize) is { } maxPages && pageNumber > maxPages)
        {
            Log.WindowPageLimit(
                _logger,
                FormatDate(window.From, roundUp: false),
                FormatDate(window.To, roundUp: true),
                LogText.Safe(Path),
                pageNumber,
                listing.WindowTotal ?? -1,
                pageSize,
                maxPages);
            listing.EndWindow();
            return;
        }

        listing.NextPage();
    }

    private static DateTimeOffset SafeAdd(DateTimeOffset value, TimeSpan delta)
    {
        var ticks = value.UtcTicks + delta.Ticks;
        ticks = Math.Clamp(ticks, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks);
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}
