using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Web;
using RichardSzalay.MockHttp;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// <c>GET /spend/logs/v2</c> as LiteLLM serves it, on a <see cref="MockHttpMessageHandler"/>: an inclusive window of whole
/// seconds on <c>startTime</c>, newest first, <c>total</c> capped with <c>total_is_capped</c>, rows never cut. Every
/// request is recorded, and <see cref="Fault"/> can answer any of them instead.
/// </summary>
internal sealed class FakeSpendLogProxy
{
    private readonly List<(string Id, DateTimeOffset Start)> _rows = [];

    public FakeSpendLogProxy(MockHttpMessageHandler http, int totalCap = 10_000)
    {
        TotalCap = totalCap;
        http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(Answer);
    }

    public int TotalCap { get; }

    /// <summary>Gets or sets an answer given instead of the page (return <see langword="null"/> to serve the page).</summary>
    public Func<PageRequest, HttpResponseMessage?>? Fault { get; set; }

    /// <summary>Gets or sets whether <c>total</c> and <c>total_is_capped</c> are left out (builds before v1.93, or v1).</summary>
    public bool OmitTotal { get; set; }

    public ConcurrentQueue<PageRequest> Requests { get; } = new();

    public void Add(string id, DateTimeOffset start)
    {
        lock (_rows)
        {
            _rows.Add((id, start));
        }
    }

    private HttpResponseMessage Answer(HttpRequestMessage message)
    {
        var query = HttpUtility.ParseQueryString(message.RequestUri!.Query);
        var request = new PageRequest(
            Parse(query["start_date"]!),
            Parse(query["end_date"]!),
            int.Parse(query["page"]!, CultureInfo.InvariantCulture),
            int.Parse(query["page_size"]!, CultureInfo.InvariantCulture));
        Requests.Enqueue(request);
        if (Fault?.Invoke(request) is { } fault)
        {
            return fault;
        }

        List<(string Id, DateTimeOffset Start)> matching;
        lock (_rows)
        {
            matching = _rows.Where(r => r.Start >= request.From && r.Start <= request.To)
                .OrderByDescending(r => r.Start).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        }

        var page = matching.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)
            .Select(r => SpendLogJson.Row(r.Id, startTime: r.Start.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture)));
        var body = new StringBuilder("{\"data\": [").AppendJoin(",", page).Append(']');
        if (!OmitTotal)
        {
            body.Append(CultureInfo.InvariantCulture, $", \"total\": {Math.Min(matching.Count, TotalCap)}, \"total_is_capped\": {(matching.Count > TotalCap ? "true" : "false")}");
        }

        body.Append(CultureInfo.InvariantCulture, $", \"page\": {request.Page}, \"page_size\": {request.PageSize}}}");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json") };
    }

    private static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>One page request as the proxy read it.</summary>
    internal sealed record PageRequest(DateTimeOffset From, DateTimeOffset To, int Page, int PageSize)
    {
        public long Offset => (long)(Page - 1) * PageSize;
    }
}
