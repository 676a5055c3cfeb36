using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Listings against rows that arrive while a window is read, proxies that ignore <c>page</c> or send no placeable rows,
/// and windows at the ends of <see cref="DateTimeOffset"/>'s range.
/// </summary>
public sealed class SpendLogListingHostileTests
{
    private static readonly DateTimeOffset From = new(2026, 8, 6, 12, 0, 0, TimeSpan.Zero);

    private static readonly SpendLogQuery Hour = new() { From = From, To = From.AddHours(1), PageSize = 10 };

    [Fact]
    public async Task ListAsync_ResumedPageShiftedOntoRowsAlreadyDelivered_KeepsPagingAndDeliversEveryOlderRow()
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        var proxy = new FakeSpendLogProxy(host.Http);
        AddRows(proxy, "old-", 25, From.AddMinutes(1), TimeSpan.FromSeconds(30));
        proxy.Fault = r => r.Page == 2 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : null;
        var listing = new SpendLogListing(Hour);
        var (first, error) = await ListUntilErrorAsync(host.Client, listing);
        Assert.NotNull(error);
        Assert.Equal(10, first.Count);

        // One page of new rows arrives, newest of all: the resumed page 2 now holds exactly the rows page 1 delivered.
        AddRows(proxy, "new-", 10, From.AddMinutes(50), TimeSpan.FromSeconds(1));
        proxy.Fault = null;
        var before = proxy.Requests.Count;
        var (rest, none) = await ListUntilErrorAsync(host.Client, listing);

        Assert.Null(none);
        Assert.Equal(15, rest.Count);
        Assert.Equal(Ids("old-", 25), first.Concat(rest).Order(StringComparer.Ordinal));
        Assert.Equal([2, 3, 4], proxy.Requests.Skip(before).Select(r => r.Page));
        Assert.True(listing.IsComplete);
        Assert.Equal(Hour.To, listing.Position);
        Assert.Equal(25, listing.RowsDelivered);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id is 1009 or 1012 or 1022);
    }

    [Fact]
    public async Task ListAsync_TwoPagesInARowShiftedOntoRowsAlreadyDelivered_KeepsPaging()
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        var proxy = new FakeSpendLogProxy(host.Http);
        AddRows(proxy, "old-", 40, From.AddMinutes(1), TimeSpan.FromSeconds(30));
        var arrived = 0;
        proxy.Fault = r =>
        {
            // Just before pages 2 and 3 are served, a page of new rows arrives: both repeat what page 1 delivered.
            if (r.Page is 2 or 3 && arrived < 20)
            {
                AddRows(proxy, "new-", 10, From.AddMinutes(50).AddSeconds(arrived), TimeSpan.FromMilliseconds(10), firstIndex: arrived);
                arrived += 10;
            }

            return null;
        };

        var (rows, error) = await ListUntilErrorAsync(host.Client, new SpendLogListing(Hour));

        Assert.Null(error);
        Assert.Equal(Ids("old-", 40), rows.Order(StringComparer.Ordinal));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], proxy.Requests.Select(r => r.Page));
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id is 1009 or 1012 or 1022);
    }

    [Fact]
    public async Task ListAsync_RowsArrivingOnEveryRequest_HonestWindowStaysWithinThePageBound()
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        var proxy = new FakeSpendLogProxy(host.Http);
        AddRows(proxy, "old-", 100, From.AddMinutes(1), TimeSpan.FromSeconds(30));
        var arrived = 0;
        proxy.Fault = _ =>
        {
            AddRows(proxy, "new-", 2, From.AddMinutes(55).AddSeconds(arrived), TimeSpan.FromMilliseconds(10), firstIndex: arrived);
            arrived += 2;
            return null;
        };

        var (rows, error) = await ListUntilErrorAsync(host.Client, new SpendLogListing(Hour));

        Assert.Null(error);
        Assert.Equal(Ids("old-", 100), rows.Where(id => id.StartsWith("old-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(13, proxy.Requests.Count);   // page 13 is the first short one: 6 of the 126 rows by then
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id is 1009 or 1012 or 1022);
    }

    [Fact]
    public async Task ListAsync_ProxyIgnoringPageWithANewRowPerRequest_StopsAtThePageBoundOfItsTotal()
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        var calls = 0;
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            var n = Interlocked.Increment(ref calls);
            return Json("{\"data\": [" + string.Join(",", NewestTen(n)) + "], \"total\": 50}");
        });
        var listing = new SpendLogListing(Hour with { To = From.AddDays(1) });

        // Bounded here so a regression fails instead of hanging: this proxy would feed an unbounded listing forever.
        var (rows, error) = await ListUntilErrorAsync(host.Client, listing, maxRows: 3000);

        // ceil(50 / 10) = 5 pages, plus a slack of max(3, 1) = 3: the window stops when page 9 is still full.
        Assert.Null(error);
        Assert.Equal(9, calls);
        Assert.Equal(10 + 8, rows.Count);
        Assert.True(listing.IsComplete);
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1022);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(
            "LiteLLM spend-log window 2026-08-06 12:00:00 to 2026-08-07 12:00:00 at /spend/logs/v2: page 9 was still full, past the 8 pages its total of 50 rows needs at 10 a page (with slack for rows arriving while it is read); the listing of this window stops here (the proxy may ignore paging).",
            warning.Message);
    }

    [Fact]
    public async Task ListAsync_ProxyIgnoringPageWithANewRowPerRequestAndNoTotal_OnlyTheBarrenRuleApplies()
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        var calls = 0;
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            var n = Interlocked.Increment(ref calls);
            return Json("{\"data\": [" + string.Join(",", NewestTen(n)) + "]}");
        });
        var listing = new SpendLogListing(Hour with { To = From.AddDays(1) });
        var rows = 0;

        // Every page adds a row, so no page is barren: as documented, nothing but the caller stops this listing.
        await foreach (var _ in host.Client.ListAsync(listing))
        {
            if (++rows == 100)
            {
                break;
            }
        }

        Assert.Equal(91, calls);
        Assert.False(listing.IsComplete);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id is 1009 or 1012 or 1022);
    }

    public static TheoryData<string, string, int, int, int> UnplaceablePages => new()
    {
        // item, rows delivered, requests, the stop's event id
        { "nulls", "null", 0, 3, 1012 },
        { "malformed", "{\"request_id\": \"x\"}", 0, 3, 1012 },
        { "no startTime, same id", "{\"request_id\": \"dup\", \"spend\": 0.1}", 1, 4, 1009 },
    };

    [Theory]
    [MemberData(nameof(UnplaceablePages))]
    public async Task ListAsync_FullPagesWithoutPlaceableRowsAndACappedTotal_NotSplitAndStoppedByTheBarrenRule(
        string name, string item, int expectedRows, int expectedRequests, int stopEvent)
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        var requests = 0;
        var body = "{\"data\": [" + string.Join(",", Enumerable.Repeat(item, 10)) + "], \"total\": 10000, \"total_is_capped\": true}";
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            Interlocked.Increment(ref requests);
            return Json(body);
        });

        var (rows, error) = await ListUntilErrorAsync(host.Client, new SpendLogListing(Hour));

        Assert.Null(error);
        Assert.Equal((expectedRows, expectedRequests), (rows.Count, requests));
        var logs = host.Logs.GetSnapshot();
        Assert.DoesNotContain(logs, r => r.Id.Id == 1020);
        Assert.Single(logs, r => r.Id.Id == stopEvent && r.Level == LogLevel.Warning);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Theory]
    [InlineData(5, false)]   // half the page is nulls: no majority of placeable rows
    [InlineData(6, true)]
    public async Task ListAsync_CappedFirstPagePartlyNulls_SplitOnlyWhenMostItemsAreRowsInTheWindow(int placed, bool split)
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        var items = Enumerable.Range(0, placed).Select(i => SpendLogJson.Row("req-" + i.ToString(CultureInfo.InvariantCulture), startTime: "2026-08-06T12:10:00+00:00"))
            .Concat(Enumerable.Repeat("null", 10 - placed)).ToList();
        var capped = "{\"data\": [" + string.Join(",", items) + "], \"total\": 10000, \"total_is_capped\": true}";
        var requests = new List<string>();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(message =>
        {
            var query = Uri.UnescapeDataString(message.RequestUri!.Query);
            lock (requests)
            {
                requests.Add(query);
            }

            // The hour answers the capped page; of its halves, the one holding 12:10 answers its rows alone, the other none.
            return Json(
                query.Contains("end_date=2026-08-06 13:00:00", StringComparison.Ordinal) && query.Contains("start_date=2026-08-06 12:00:00", StringComparison.Ordinal) ? capped
                : query.Contains("start_date=2026-08-06 12:00:00", StringComparison.Ordinal) ? SpendLogJson.Envelope(items.Take(placed), total: placed)
                : SpendLogJson.Envelope());
        });

        var (rows, error) = await ListUntilErrorAsync(host.Client, new SpendLogListing(Hour));

        Assert.Null(error);
        Assert.Equal(placed, rows.Count);
        Assert.Equal(split, host.Logs.GetSnapshot().Any(r => r.Id.Id == 1020));
        const string WholeHour = "start_date=2026-08-06 12:00:00&end_date=2026-08-06 13:00:00";
        if (split)
        {
            // Page 1 of the hour is dropped unread; each half is read on its own.
            Assert.Equal(3, requests.Count);
            Assert.Contains(WholeHour + "&page=1&", requests[0], StringComparison.Ordinal);
            Assert.Contains("start_date=2026-08-06 12:00:00&end_date=2026-08-06 12:30:00&page=1&", requests[1], StringComparison.Ordinal);
            Assert.Contains("start_date=2026-08-06 12:30:00&end_date=2026-08-06 13:00:00&page=1&", requests[2], StringComparison.Ordinal);
        }
        else
        {
            // Page 1 delivers the rows; pages 2 to 4 repeat them (the barren-page limit).
            Assert.Equal(4, requests.Count);
            Assert.All(requests, r => Assert.Contains(WholeHour, r, StringComparison.Ordinal));
        }
    }

    public static TheoryData<string> ExtremeWindows => new() { "MinValue", "MaxValue", "both" };

    [Theory]
    [MemberData(nameof(ExtremeWindows))]
    public async Task ListAsync_WindowAtTheEndOfTheRangeWithAFullCappedPage_SplitsWithoutOverflow(string end)
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        var proxy = new FakeSpendLogProxy(host.Http, totalCap: 5);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        AddRows(proxy, "r-", 30, at, TimeSpan.FromSeconds(1));
        var query = new SpendLogQuery
        {
            From = end is "MinValue" or "both" ? DateTimeOffset.MinValue : at.AddDays(-1),
            To = end is "MaxValue" or "both" ? DateTimeOffset.MaxValue : at.AddDays(1),
            PageSize = 10,
        };
        var listing = new SpendLogListing(query) { SplitThreshold = 5 };

        var (rows, error) = await ListUntilErrorAsync(host.Client, listing);

        Assert.Null(error);
        Assert.Equal(Ids("r-", 30), rows.Order(StringComparer.Ordinal));
        Assert.True(listing.IsComplete);
        Assert.Equal(query.To, listing.Position);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 1020);
        var first = proxy.Requests.First();
        Assert.Equal((SpendLogWindow.Floor(query.From), SpendLogWindow.Floor(query.To), 1), (first.From, first.To, first.Page));
    }

    private static IEnumerable<string> NewestTen(int request) =>
        Enumerable.Range(0, 10).Select(i => SpendLogJson.Row(
            "r" + (request + 10 - i).ToString(CultureInfo.InvariantCulture),
            startTime: From.AddSeconds(request + 10 - i).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture)));

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static IEnumerable<string> Ids(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => prefix + i.ToString("D3", CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal);

    private static void AddRows(FakeSpendLogProxy proxy, string prefix, int count, DateTimeOffset first, TimeSpan step, int firstIndex = 0)
    {
        for (var i = 0; i < count; i++)
        {
            proxy.Add(prefix + (firstIndex + i).ToString("D3", CultureInfo.InvariantCulture), first + (step * i));
        }
    }

    private static async Task<(List<string> Rows, SpendLogRequestException? Error)> ListUntilErrorAsync(
        ISpendLogClient client, SpendLogListing listing, int maxRows = int.MaxValue)
    {
        var rows = new List<string>();
        try
        {
            await foreach (var row in client.ListAsync(listing))
            {
                rows.Add(row.RequestId);
                if (rows.Count == maxRows)
                {
                    break;
                }
            }

            return (rows, null);
        }
        catch (SpendLogRequestException ex)
        {
            return (rows, ex);
        }
    }
}
