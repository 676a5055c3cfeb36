using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

/// <summary>Listings that survive a bad page, resume exactly, and split windows LiteLLM's capped total says are too big.</summary>
public sealed class SpendLogListingTests
{
    private static readonly DateTimeOffset From = new(2026, 8, 6, 12, 0, 0, TimeSpan.Zero);

    private static readonly SpendLogQuery Hour = new() { From = From, To = From.AddHours(1), PageSize = 10 };

    [Fact]
    public async Task ListAsync_PageFailsAfterRetries_EarlierRowsDeliveredAndListingPositionedAtThatPage()
    {
        using var host = SpendLogTestHost.Create();
        var proxy = new FakeSpendLogProxy(host.Http);
        AddRows(proxy, 35, From.AddMinutes(1), TimeSpan.FromSeconds(30));
        proxy.Fault = request => request.Page == 3 ? new HttpResponseMessage(HttpStatusCode.InternalServerError) : null;
        var listing = new SpendLogListing(Hour);

        var (first, error) = await ListUntilErrorAsync(host.Client, listing);

        Assert.Equal(20, first.Count);
        Assert.Equal(20, listing.RowsDelivered);
        Assert.Equal((SpendLogFailureKind.HttpStatus, HttpStatusCode.InternalServerError), (error!.Kind, error.StatusCode));
        Assert.Same(error, listing.LastError);
        Assert.False(listing.IsComplete);
        Assert.Equal(From, listing.Position);
        Assert.Equal(Hour, listing.RemainingQuery);
        Assert.Equal(Hour, error.ResumeQuery);
        Assert.Equal(4, proxy.Requests.Count(r => r.Page == 3));   // the first try and 3 retries

        proxy.Fault = null;
        var requestsBefore = proxy.Requests.Count;
        var (rest, none) = await ListUntilErrorAsync(host.Client, listing);

        Assert.Null(none);
        Assert.Null(listing.LastError);
        Assert.Equal(15, rest.Count);
        Assert.Equal(Enumerable.Range(0, 35).Select(Id).Order(StringComparer.Ordinal), first.Concat(rest).Order(StringComparer.Ordinal));
        Assert.Equal([3, 4], proxy.Requests.Skip(requestsBefore).Select(r => r.Page));
        Assert.True(listing.IsComplete);
        Assert.Equal(35, listing.RowsDelivered);
        Assert.Equal(Hour.To, listing.Position);
        Assert.Null(listing.RemainingQuery);
    }

    [Fact]
    public async Task ListAsync_ResumedPageRepeatsRowsAlreadyDelivered_EachRowOnce()
    {
        using var host = SpendLogTestHost.Create();
        var proxy = new FakeSpendLogProxy(host.Http);
        AddRows(proxy, 25, From.AddMinutes(1), TimeSpan.FromSeconds(30));
        proxy.Fault = request => request.Page == 2 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : null;
        var listing = new SpendLogListing(Hour);
        var (first, _) = await ListUntilErrorAsync(host.Client, listing);

        // Five new rows arrive, newer than all others: page 2 now starts with 5 rows page 1 already delivered.
        AddRows(proxy, 5, From.AddMinutes(50), TimeSpan.FromSeconds(1), firstIndex: 90_000);
        proxy.Fault = null;
        var (rest, _) = await ListUntilErrorAsync(host.Client, listing);

        var all = first.Concat(rest).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(10, first.Count);
        Assert.Equal(Enumerable.Range(0, 25).Select(Id), all.Where(id => !id.StartsWith("req-9", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListAsync_QueryOverloadFails_ExceptionCarriesTheWholeQueryToResume()
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        var proxy = new FakeSpendLogProxy(host.Http);
        AddRows(proxy, 15, From.AddMinutes(1), TimeSpan.FromSeconds(30));
        proxy.Fault = request => request.Page == 2 ? new HttpResponseMessage(HttpStatusCode.BadGateway) : null;
        var delivered = new List<string>();

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(async () =>
        {
            await foreach (var row in host.Client.ListAsync(Hour))
            {
                delivered.Add(row.RequestId);
            }
        });

        Assert.Equal(10, delivered.Count);
        Assert.Equal(Hour, error.ResumeQuery);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
    }

    [Fact]
    public async Task ListAsync_FailureAfterFinishedWindows_PositionAndResumeQueryAtTheFailedWindow()
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        var proxy = new FakeSpendLogProxy(host.Http, totalCap: 20);
        AddRows(proxy, 30, From, TimeSpan.FromSeconds(55));                                 // 17 rows by 12:15, 13 after
        AddRows(proxy, 15, From.AddMinutes(31), TimeSpan.FromSeconds(60), firstIndex: 100);  // 15 rows after 12:30
        var listing = new SpendLogListing(Hour) { SplitThreshold = 20 };
        var later = From.AddMinutes(30);
        proxy.Fault = request => request.From == later && request.Page == 2 ? new HttpResponseMessage(HttpStatusCode.BadGateway) : null;

        var (delivered, error) = await ListUntilErrorAsync(host.Client, listing);

        // [12:00, 13:00] was split at 12:30 and [12:00, 12:30] at 12:15; both quarters finished; [12:30, 13:00] failed on page 2.
        Assert.Equal(17 + 13 + 10, delivered.Count);
        Assert.Equal(later, listing.Position);
        Assert.Equal(Hour with { From = later }, listing.RemainingQuery);
        Assert.Equal(Hour with { From = later }, error!.ResumeQuery);
        Assert.Equal(
            "LiteLLM answered HTTP 502 (BadGateway) for spend-log page 2 of window 2026-08-06 12:30:00 to 2026-08-06 13:00:00 at /spend/logs/v2: LiteLLM says: (empty body).",
            error.Message);
        Assert.Equal(
            [(From, From.AddHours(1), 1), (From, later, 1), (From, From.AddMinutes(15), 1), (From, From.AddMinutes(15), 2),
             (From.AddMinutes(15), later, 1), (From.AddMinutes(15), later, 2), (later, From.AddHours(1), 1), (later, From.AddHours(1), 2)],
            proxy.Requests.Select(r => (r.From, r.To, r.Page)));
    }

    [Fact]
    public async Task ListAsync_SecondEnumerationWhileOneRuns_Throws()
    {
        using var host = SpendLogTestHost.Create();
        var proxy = new FakeSpendLogProxy(host.Http);
        AddRows(proxy, 15, From.AddMinutes(1), TimeSpan.FromSeconds(30));
        var listing = new SpendLogListing(Hour);
        await using var running = host.Client.ListAsync(listing).GetAsyncEnumerator();
        Assert.True(await running.MoveNextAsync());

        await using var second = host.Client.ListAsync(listing).GetAsyncEnumerator();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await second.MoveNextAsync());

        Assert.Contains("one enumeration at a time", error.Message, StringComparison.Ordinal);
        Assert.True(await running.MoveNextAsync());
    }

    [Fact]
    public async Task ListAsync_StoppedMidPageAndEnumeratedAgain_LosesAndRepeatsNothing()
    {
        using var host = SpendLogTestHost.Create();
        var proxy = new FakeSpendLogProxy(host.Http);
        AddRows(proxy, 27, From.AddMinutes(1), TimeSpan.FromSeconds(30));
        var listing = new SpendLogListing(Hour);
        var seen = new List<string>();

        for (var stop = 4; !listing.IsComplete; stop += 7)
        {
            await foreach (var row in host.Client.ListAsync(listing))
            {
                seen.Add(row.RequestId);
                if (seen.Count == stop)
                {
                    break;
                }
            }
        }

        Assert.Equal(Enumerable.Range(0, 27).Select(Id).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(27, listing.RowsDelivered);
        Assert.Equal([1, 2, 3], proxy.Requests.Select(r => r.Page));
    }

    [Fact]
    public async Task ListAsync_CompleteListing_YieldsNothingAndSendsNothing()
    {
        using var host = SpendLogTestHost.Create();
        var proxy = new FakeSpendLogProxy(host.Http);
        AddRows(proxy, 3, From.AddMinutes(1), TimeSpan.FromSeconds(30));
        var listing = new SpendLogListing(Hour);
        await ListUntilErrorAsync(host.Client, listing);
        var requests = proxy.Requests.Count;

        var (again, error) = await ListUntilErrorAsync(host.Client, listing);

        Assert.Empty(again);
        Assert.Null(error);
        Assert.Equal(requests, proxy.Requests.Count);
    }

    [Fact]
    public async Task ListAsync_WindowOverTenThousandRows_SplitSoNoRequestPagesPastOffsetTenThousand()
    {
        using var host = SpendLogTestHost.Create();
        var proxy = new FakeSpendLogProxy(host.Http);
        AddRows(proxy, 25_000, From, TimeSpan.FromMilliseconds(140));   // 25,000 rows over 58 minutes
        var query = Hour with { PageSize = 1000 };

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        await foreach (var row in host.Client.ListAsync(query))
        {
            duplicates += ids.Add(row.RequestId) ? 0 : 1;
        }

        Assert.Equal(25_000, ids.Count);
        Assert.Equal(0, duplicates);
        Assert.All(proxy.Requests, r => Assert.True(r.Offset < 10_000, $"offset {r.Offset} of {r.From:HH:mm:ss}-{r.To:HH:mm:ss}"));
        Assert.Contains(proxy.Requests, r => r.To - r.From < TimeSpan.FromMinutes(30));
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 1020 && r.Level == LogLevel.Debug);
    }

    [Fact]
    public async Task ListAsync_RowsAtAndAroundTheSplitSecond_EachDeliveredOnce()
    {
        using var host = SpendLogTestHost.Create();
        var proxy = new FakeSpendLogProxy(host.Http, totalCap: 50);
        var middle = From.AddMinutes(30);   // where [12:00, 13:00] is split
        var index = 0;
        foreach (var offset in new[] { -1.0, -0.5, -0.000001, 0, 0, 0, 0.000001, 0.25, 0.5, 0.999999, 1, 1.5 })
        {
            for (var i = 0; i < 4; i++)
            {
                proxy.Add(Id(index++), middle.AddTicks((long)(offset * TimeSpan.TicksPerSecond)));
            }
        }

        AddRows(proxy, 60, From.AddSeconds(10), TimeSpan.FromSeconds(55), firstIndex: 1000);
        var listing = new SpendLogListing(Hour) { SplitThreshold = 50 };

        var (rows, error) = await ListUntilErrorAsync(host.Client, listing);

        Assert.Null(error);
        Assert.Equal(48 + 60, rows.Count);
        Assert.Equal(rows.Count, rows.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(proxy.Requests, r => r.To == middle);
        Assert.Contains(proxy.Requests, r => r.From == middle);
        Assert.All(proxy.Requests, r => Assert.True(r.Offset < 50, $"offset {r.Offset}"));
    }

    [Fact]
    public async Task ListAsync_OneSecondWindowOverTheThreshold_PagedDeepAndLoggedOnce()
    {
        using var host = SpendLogTestHost.Create();
        var proxy = new FakeSpendLogProxy(host.Http, totalCap: 20);
        var second = From.AddSeconds(5);
        AddRows(proxy, 45, second, TimeSpan.FromMilliseconds(10));
        var query = new SpendLogQuery { From = second, To = second.AddMilliseconds(900), PageSize = 10 };
        var listing = new SpendLogListing(query) { SplitThreshold = 20 };

        var (rows, _) = await ListUntilErrorAsync(host.Client, listing);

        Assert.Equal(45, rows.Count);
        Assert.Equal([1, 2, 3, 4, 5], proxy.Requests.Select(r => r.Page));
        Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1021 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task ListAsync_NoTotalInTheEnvelope_NeverSplits()
    {
        using var host = SpendLogTestHost.Create();
        var proxy = new FakeSpendLogProxy(host.Http, totalCap: 20) { OmitTotal = true };
        AddRows(proxy, 45, From, TimeSpan.FromSeconds(60));
        var listing = new SpendLogListing(Hour) { SplitThreshold = 20 };

        var (rows, _) = await ListUntilErrorAsync(host.Client, listing);

        Assert.Equal(45, rows.Count);
        Assert.All(proxy.Requests, r => Assert.Equal((From, From.AddHours(1)), (r.From, r.To)));
    }

    [Fact]
    public async Task ListAsync_SplitListingFailsInTheLaterHalfAndResumes_UnionIsEveryRowOnce()
    {
        using var host = SpendLogTestHost.Create(configureBuilder: SpendLogTestHost.WithoutRetries);
        var proxy = new FakeSpendLogProxy(host.Http, totalCap: 30);
        AddRows(proxy, 100, From, TimeSpan.FromSeconds(36));
        for (var i = 0; i < 6; i++)
        {
            proxy.Add("edge-" + i.ToString(CultureInfo.InvariantCulture), From.AddMinutes(30).AddMilliseconds(i * 200));
        }

        var failures = 0;
        proxy.Fault = request => request.Page == 2 && failures++ % 2 == 0 ? new HttpResponseMessage(HttpStatusCode.InternalServerError) : null;
        var listing = new SpendLogListing(Hour) { SplitThreshold = 30 };
        var all = new List<string>();
        var errors = 0;

        while (!listing.IsComplete)
        {
            var position = listing.Position;
            var (rows, error) = await ListUntilErrorAsync(host.Client, listing);
            all.AddRange(rows);
            errors += error is null ? 0 : 1;
            Assert.True(listing.Position >= position);
        }

        Assert.True(errors >= 3, $"{errors} failures");
        Assert.Equal(106, all.Count);
        Assert.Equal(106, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task ListAsync_ShortFirstPageClaimingACappedTotal_NotSplit()
    {
        using var host = SpendLogTestHost.Create();
        var requests = 0;
        var body = "{\"data\": [" + SpendLogJson.Row("req-1", startTime: "2026-08-06T12:10:00+00:00") + "], \"total\": 10000, \"total_is_capped\": true}";
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            requests++;
            return Json(body);
        });

        var (rows, _) = await ListUntilErrorAsync(host.Client, new SpendLogListing(Hour));

        Assert.Equal(["req-1"], rows);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task ListAsync_ProxyIgnoringTheWindowWithACappedTotal_NoSplitCascade()
    {
        using var host = SpendLogTestHost.Create();
        var requests = 0;
        var body = "{\"data\": [" + string.Join(",", SpendLogJson.Rows("req-", 0, 10)) + "], \"total\": 10000, \"total_is_capped\": true}";
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            requests++;
            return Json(body);   // rows of 14:30, whatever window is asked for
        });

        var (rows, _) = await ListUntilErrorAsync(host.Client, new SpendLogListing(Hour));

        Assert.Equal(10, rows.Count);
        Assert.Equal(4, requests);   // page 1, then 3 pages repeating it (the barren-page limit) end the window
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Id == 1020);
    }

    [Fact]
    public void Constructor_InvalidQuery_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new SpendLogListing(null!));
        Assert.Throws<ArgumentException>(() => new SpendLogListing(Hour with { To = From.AddSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpendLogListing(Hour with { PageSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpendLogListing(Hour with { PageSize = 1001 }));
    }

    [Fact]
    public void NewListing_StartsAtTheQuery()
    {
        var query = Hour with { From = From.AddMilliseconds(300) };

        var listing = new SpendLogListing(query);

        Assert.Equal((query.From, false, 0L, (SpendLogRequestException?)null), (listing.Position, listing.IsComplete, listing.RowsDelivered, listing.LastError));
        Assert.Equal(query, listing.RemainingQuery);
        Assert.Same(query, listing.Query);
    }

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static string Id(int i) => "req-" + i.ToString("D5", CultureInfo.InvariantCulture);

    private static void AddRows(FakeSpendLogProxy proxy, int count, DateTimeOffset first, TimeSpan step, int firstIndex = 0)
    {
        for (var i = 0; i < count; i++)
        {
            proxy.Add(Id(firstIndex + i), first + (step * i));
        }
    }

    private static async Task<(List<string> Rows, SpendLogRequestException? Error)> ListUntilErrorAsync(ISpendLogClient client, SpendLogListing listing)
    {
        var rows = new List<string>();
        try
        {
            await foreach (var row in client.ListAsync(listing))
            {
                rows.Add(row.RequestId);
            }

            return (rows, null);
        }
        catch (SpendLogRequestException ex)
        {
            return (rows, ex);
        }
    }
}
