using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.Http;

public sealed class LiteLLMSpendLogClientTimeoutTests
{
    [Fact]
    public async Task FetchAsync_ProxyNeverAnswers_ReturnsNullWhenTotalTimeoutElapses()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 8, 6, 15, 0, 0, TimeSpan.Zero));
        using var host = SpendLogTestHost.Create(
            new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:MaxRetryAttempts"] = "0" },
            services => services.AddSingleton<TimeProvider>(time));
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

    private sealed class HangingHandler(TaskCompletionSource started) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
