using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

public sealed class LiteLLMSpendLogClientResilienceTests
{
    [Fact]
    public async Task FetchAsync_ProxyNeverAnswers_ReturnsNullWhenTotalTimeoutElapses()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 8, 6, 15, 0, 0, TimeSpan.Zero));
        using var host = SpendLogTestHost.Create(
            configureServices: services => services.AddSingleton<TimeProvider>(time),
            configureBuilder: SpendLogTestHost.WithoutRetries);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(new HangingHandler(started));

        var fetch = host.Client.FetchAsync("req-1", time.GetUtcNow());
        await started.Task;
        time.Advance(TimeSpan.FromSeconds(31));
        var row = await fetch.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(row);
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Id == 1002);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("timeout", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_TooManyRequestsWithRetryAfter_WaitsThatLongBeforeRetrying()
    {
        var start = new DateTimeOffset(2026, 8, 6, 15, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        using var host = SpendLogTestHost.Create(configureServices: services => services.AddSingleton<TimeProvider>(time));
        var arrivals = new List<DateTimeOffset>();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            arrivals.Add(time.GetUtcNow());
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(5));
            return response;
        });
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(_ =>
        {
            arrivals.Add(time.GetUtcNow());
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent(SpendLogJson.Envelope(SpendLogJson.Row("req-1")), System.Text.Encoding.UTF8, "application/json"),
            };
        });

        var fetch = host.Client.FetchAsync("req-1", start);
        for (var i = 0; i < 600 && !fetch.IsCompleted; i++)
        {
            // Let the pipeline register its retry timer, then move the fake clock on by one second.
            await Task.Delay(10);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var row = await fetch.WaitAsync(TimeSpan.FromSeconds(30));

        host.Http.VerifyNoOutstandingExpectation();
        Assert.NotNull(row);
        Assert.Equal(2, arrivals.Count);
        Assert.True(arrivals[1] - arrivals[0] >= TimeSpan.FromSeconds(5), $"retried after {arrivals[1] - arrivals[0]}");
    }
}
