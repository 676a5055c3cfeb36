
namespace UsageAnalytics.LiteLLM;

/// <summary>
/// A resumable listing of the spend-log rows a <see cref="SpendLogQuery"/> matches: pass it to
/// <see cref="ISpendLogClient.ListAsync(SpendLogListing, CancellationToken)"/>, and again after a failure, to go on
/// exactly where it stopped. It remembers the windows still to read, the page to ask for next, and the request ids
/// already delivered in the current window, so no row is delivered twice across the calls on this listing. Separate
/// listings, even of the same query, share nothing: each delivers its rows again.
/// </summary>
/// <remarks>
/// <para>
/// LiteLLM's <c>total</c> stops at 10,000 and deep offsets are slow, so a window whose first page says it holds 10,000
/// rows or more (<c>total</c> ≥ 10,000 or <c>total_is_capped</c>) is split at a whole second <c>m</c> into
/// <c>[from, m]</c> and <c>[m, to]</c>, the earlier half read first. LiteLLM's window is inclusive at both ends with
/// one-second resolution and filters on <c>startTime</c>, so the halves overlap at <c>m</c> and rows read in both are
/// delivered once; a row at a fractional second between <c>m</c> and <c>m + 1 s</c> falls in the later half and is
/// never lost. Windows are read in time order, which is what lets <see cref="Position"/> advance. A window of one
/// second or less that still holds 10,000 rows or more is paged deep (nothing else is possible).
/// </para>
/// <para>
/// Request ids are kept for the current window only (plus those delivered at the second it shares with the previous
/// window), and at most one page of rows is held. A window not split keeps the ids of every row it delivers, and a
/// proxy that sends no <c>total</c> (builds before v1.93) never causes a split: the whole query is then one window whose
/// ids are all kept until the listing completes.
/// </para>
/// <para>
/// Rows that arrive while their window is read may be missed: newest first (LiteLLM's default) they land on pages
/// already read, shifting older rows onto later pages, which are still read. A window ended by a stop rule (see
/// <see cref="ISpendLogClient.ListAsync(SpendLogListing, CancellationToken)"/>; logged at Warning) counts as read.
/// </para>
/// <para>
/// Not thread-safe: one enumeration at a time (a second concurrent enumeration throws
/// <see cref="InvalidOperationException"/> when it starts). Stopping an enumeration early (a <c>break</c>) loses
/// nothing: rows of a page read but not yet delivered are delivered by the next call.
/// </para>
/// </remarks>
public sealed class SpendLogListing
{
    /// <summary>The window size, in rows reported by <c>total</c>, from which a window is split: LiteLLM's 10,000 cap.</summary>
    internal const int DefaultSplitThreshold = 10_000;

    /// <summary>Windows still to read, the earliest on top; the top one is the current window.</summary>
    private readonly Stack<SpendLogWindow> _windows = new();

    /// <summary>Request ids delivered in the current window or carried over from the previous one, by their row's start.</summary>
    private readonly Dictionary<string, SeenRow> _seen = new(StringComparer.Ordinal);

    /// <summary>Rows of the last page read that are not delivered yet.</summary>
    private readonly Queue<SpendLogEntry> _pending = new();

    private int _enumerating;

    /// <summary>Counts windows as they are entered, so a row seen on an earlier page of the same window tells from one carried over.</summary>
    private int _windowNumber;

    /// <summary>Initializes a new instance of the <see cref="SpendLogListing"/> class, positioned at the query's start.</summary>
    /// <param name="query">The time window and filters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><see cref="SpendLogQuery.To"/> is before <see cref="SpendLogQuery.From"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SpendLogQuery.PageSize"/> is not between 1 and 1000.</exception>
    public SpendLogListing(SpendLogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.To < query.From)
        {
            throw new ArgumentException("The query's To must not be before its From.", nameof(query));
        }

        if (query.PageSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(query));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 1000, nameof(query));
        }

        Query = query;
        Position = query.From;

        // What the v2 endpoint is sent: the window widened outward to whole seconds.
        _windows.Push(new SpendLogWindow(SpendLogWindow.Floor(query.From), SpendLogWindow.Ceiling(query.To)));
        _windowNumber = 1;
    }

    /// <summary>Gets the query this listing reads.</summary>
    public SpendLogQuery Query { get; }

    /// <summary>
    /// Gets how far the listing got: every window before this instant has been read to its end or ended by a stop rule,
    /// and its rows delivered, except rows that arrived while their window was read and rows a window ended by a stop
    /// rule did not reach (see <see cref="SpendLogListing"/>). It starts at <see cref="SpendLogQuery.From"/>, moves to a
    /// whole second each time a window is finished, and is <see cref="SpendLogQuery.To"/> once <see cref="IsComplete"/>.
    /// Rows of the current window that were already delivered (earlier pages) may lie after it.
    /// </summary>
    public DateTimeOffset Position { get; private set; }

    /// <summary>
    /// Gets whether every window has been read (to its end, or ended by a stop rule) and every row taken from it
    /// delivered; see <see cref="Position"/> for the rows that can still be missing.
    /// </summary>
    public bool IsComplete { get; private set; }

    /// <summary>Gets how many rows this listing has delivered over all its enumerations.</summary>
    public long RowsDelivered { get; private set; }

    /// <summary>
    /// Gets the failure that stopped the last enumeration (a page that still failed after the resilience pipeline's
    /// retries), or <see langword="null"/> when none did or a page has been read since. The listing stays positioned at
    /// that page of that window: enumerating again asks for it again.
    /// </summary>
    public SpendLogRequestException? LastError { get; internal set; }

    /// <summary>
    /// Gets the query of the rows not yet delivered, to resume in another process (this listing's state does not
    /// travel): <see cref="Query"/> from <see cref="Position"/> on, or <see langword="null"/> once
    /// <see cref="IsComplete"/>. A new listing of it starts over at the window holding <see cref="Position"/>, so rows of
    /// that boundary window which were already delivered may be delivered again there: deduplicate by request id (the
    /// same request id is the same row).
    /// </summary>
    public SpendLogQuery? RemainingQuery => IsComplete ? null : Query with { From = Position };

    /// <summary>Gets the rows from which a window is split (LiteLLM's 10,000 cap; tests set less).</summary>
    internal int SplitThreshold { get; init; } = DefaultSplitThreshold;

    /// <summary>Gets or sets the page size, fixed by the first enumeration (page numbers mean nothing under another).</summary>
    internal int? PageSize { get; set; }

    /// <summary>Gets the window being read.</summary>
    internal SpendLogWindow Current => _windows.Peek();

    /// <summary>Gets the page of <see cref="Current"/> to ask for next (1-based).</summary>
    internal int Page { get; private set; } = 1;

    /// <summary>Gets or sets how many full pages of <see cref="Current"/> in a row added no usable row.</summary>
    internal int BarrenPages { get; set; }

    /// <summary>Gets the largest uncapped <c>total</c> the pages of <see cref="Current"/> reported, or <see langword="null"/>.</summary>
    internal long? WindowTotal { get; private set; }

    /// <summary>Gets whether a page of <see cref="Current"/> reported a capped total: its rows cannot be counted.</summary>
    internal bool WindowTotalCapped { get; private set; }

    /// <summary>Gets whether <see cref="Current"/> is read to its end (its last rows may still be pending).</summary>
    internal bool WindowDone { get; private set; }

    /// <summary>Gets or sets whether deep paging of an unsplittable window was logged already (once per listing).</summary>
    internal bool DeepPagingLogged { get; set; }

    /// <summary>Starts an enumeration; <see langword="false"/> when one is running already.</summary>
    internal bool TryBeginEnumeration() => Interlocked.CompareExchange(ref _enumerating, 1, 0) == 0;

    /// <summary>Ends the running enumeration.</summary>
    internal void EndEnumeration() => Volatile.Write(ref _enumerating, 0);

    /// <summary>Takes the next row to deliver, counting it as delivered.</summary>
    internal bool TryTakePending(out SpendLogEntry row)
    {
        if (_pending.TryDequeue(out row!))
        {
            RowsDelivered++;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Splits <see cref="Current"/> at its middle whole second into two overlapping halves, the earlier read first,
    /// from page 1. Only called before any row of it was delivered (on its first page).
    /// </summary>
    internal void SplitCurrent()
    {
        var window = _windows.Pop();
        var (earlier, later) = window.Split();
        _windows.Push(later);
        _windows.Push(earlier);
        ResetWindowState();
        _windowNumber++;
    }

    /// <summary>
    /// Takes in a page of <see cref="Current"/>: rows whose request id was not delivered yet are queued for delivery.
    /// Returns how many rows were repeats of rows seen on an earlier page of this same window (a proxy that ignores
    /// <c>page</c>), and how many were new to this window (rows delivered in the previous window count here, once,
    /// without being delivered again).
    /// </summary>
    internal (int Repeats, int Fresh) Accept(SpendLogPage page)
    {
        var repeats = 0;
        var fresh = 0;
        foreach (var row in page.Rows)
        {
            if (_seen.TryGetValue(row.RequestId, out var seen))
            {
                if (seen.Window == _windowNumber)
                {
                    repeats++;
                }
                else
                {
                    // Delivered in the previous window (the shared boundary second): expected here, not a repeat.
                    _seen[row.RequestId] = seen with { Window = _windowNumber };
                    fresh++;
                }

                continue;
            }

            _seen.Add(row.RequestId, new SeenRow(row.StartTime, _windowNumber));
            _pending.Enqueue(row);
            fresh++;
        }

        return (repeats, fresh);
    }

    /// <summary>
    /// Takes in a page's <c>total</c> for <see cref="Current"/>: the largest is kept (rows arriving while the window is
    /// read raise it honestly); a capped one, or one at LiteLLM's cap, makes the window's row count unknown.
    /// </summary>
    internal void NoteTotal(SpendLogPage page)
    {
        if (page.TotalIsCapped == true || page.Total >= DefaultSplitThreshold)
        {
            WindowTotalCapped = true;
            WindowTotal = null;
        }
        else if (!WindowTotalCapped && page.Total is { } total && (WindowTotal is null || total > WindowTotal))
        {
            WindowTotal = total;
        }
    }

    /// <summary>Gets how many pages <see cref="Current"/> may take, or <see langword="null"/> while its total is unknown.</summary>
    internal long? MaxPagesForTotal(int pageSize) => WindowTotal is { } total ? SpendLogWindow.PageLimit(total, pageSize) : null;

    /// <summary>Moves on to the next page of <see cref="Current"/>.</summary>
    internal void NextPage() => Page++;

    /// <summary>Marks <see cref="Current"/> as read to its end; it is finished once its pending rows are delivered.</summary>
    internal void EndWindow() => WindowDone = true;

    /// <summary>
    /// Finishes <see cref="Current"/> (its rows all delivered): moves <see cref="Position"/> to the next window's start,
    /// forgets the request ids before it, or completes the listing.
    /// </summary>
    internal void FinishWindow()
    {
        _windows.Pop();
        WindowDone = false;
        ResetWindowState();
        var finished = _windowNumber++;
        if (_windows.Count == 0)
        {
            IsComplete = true;
            Position = Query.To;
            _seen.Clear();
            return;
        }

        var next = _windows.Peek().From;
        if (next > Position)
        {
            Position = next;
        }

        // Only rows the next window can hold again (at or after its first second) need remembering: this keeps the
        // memory to one window's ids however many windows the listing has. A row without a startTime cannot be placed:
        // it is remembered for the next window only if it was seen in the one just finished.
        List<string>? forget = null;
        foreach (var (id, seen) in _seen)
        {
            if (seen.StartTime is { } start ? start < next : seen.Window != finished)
            {
                (forget ??= []).Add(id);
            }
        }

        if (forget is not null)
        {
            foreach (var id in forget)
            {
                _seen.Remove(id);
            }
        }
    }

    /// <summary>Forgets what was counted of the window left: back to its page 1.</summary>
    private void ResetWindowState()
    {
        Page = 1;
        BarrenPages = 0;
        WindowTotal = null;
        WindowTotalCapped = false;
    }

    /// <summary>A request id already taken in, with its row's start and the window it was last seen in.</summary>
    private readonly record struct SeenRow(DateTimeOffset? StartTime, int Window);
}
