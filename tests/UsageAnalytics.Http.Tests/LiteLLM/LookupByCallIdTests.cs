using System.Net;
using RichardSzalay.MockHttp;
using UsageAnalytics.TestSupport;

namespace UsageAnalytics.LiteLLM;

/// <summary>
/// Apps that keep the <c>x-litellm-call-id</c> header find their row by it: newer proxies match a <c>request_id</c> lookup
/// against <c>litellm_call_id</c> too and answer with the row keyed by the provider's id (LiteLLM PR 39068).
/// </summary>
public sealed class LookupByCallIdTests
{
    private static readonly DateTimeOffset Around = new(2026, 8, 6, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task LookupAsync_RowKeyedByProviderIdWithMatchingCallId_FoundWithThatRow()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V2Url)
            .WithQueryString("request_id", "litellm-call-abc")
            .Respond("application/json", SpendLogJson.Envelope(CallRow("chatcmpl-xyz", "litellm-call-abc", 0.00042m)));

        var lookup = await host.Client.LookupAsync("litellm-call-abc", Around);

        host.Http.VerifyNoOutstandingExpectation();
        Assert.Equal(SpendLogLookupStatus.Found, lookup.Status);
        Assert.Equal(("chatcmpl-xyz", "litellm-call-abc", 0.00042m), (lookup.Entry!.RequestId, lookup.Entry.LiteLLMCallId, lookup.Entry.Spend));
    }

    [Fact]
    public async Task LookupAsync_RowWithAnotherCallId_NotFound()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Respond("application/json", SpendLogJson.Envelope(CallRow("chatcmpl-xyz", "litellm-call-other", 0.00042m)));

        var lookup = await host.Client.LookupAsync("litellm-call-abc", Around);

        Assert.Equal(SpendLogLookupStatus.NotFound, lookup.Status);
        Assert.Null(lookup.Entry);
    }

    [Fact]
    public async Task FetchAsync_CallIdInMetadataOnly_ReturnsTheRow()
    {
        using var host = SpendLogTestHost.Create();
        var row = SpendLogJson.Row("chatcmpl-xyz").Replace(
            "\"metadata\": {\"user_api_key_alias\": \"team-a\"}", "\"metadata\": {\"litellm_call_id\": \"litellm-call-abc\"}", StringComparison.Ordinal);
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", SpendLogJson.Envelope(row));

        var fetched = await host.Client.FetchAsync("litellm-call-abc", Around);

        Assert.Equal("chatcmpl-xyz", fetched?.RequestId);
    }

    [Fact]
    public async Task LookupAsync_V1PathAnsweringByCallId_Found()
    {
        using var host = SpendLogTestHost.Create(new Dictionary<string, string?> { ["UsageAnalytics:LiteLLM:SpendLogPath"] = "/spend/logs" });
        host.Http.Expect(HttpMethod.Get, SpendLogTestHost.V1Url)
            .WithExactQueryString("request_id=litellm-call-abc")
            .Respond("application/json", "[" + CallRow("msg_01XYZ", "litellm-call-abc", 0.003m) + "]");

        var lookup = await host.Client.LookupAsync("litellm-call-abc", Around);

        Assert.Equal((SpendLogLookupStatus.Found, "msg_01XYZ"), (lookup.Status, lookup.Entry?.RequestId));
    }

    [Fact]
    public async Task LookupAsync_RowKeyedByTheIdAndAnotherByCallId_PrefersTheRowKeyedByTheId()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond(
            "application/json",
            SpendLogJson.Envelope(CallRow("chatcmpl-first", "shared-id", 0.001m), CallRow("shared-id", "litellm-call-zzz", 0.002m)));

        var lookup = await host.Client.LookupAsync("shared-id", Around);

        Assert.Equal(("shared-id", 0.002m), (lookup.Entry?.RequestId, lookup.Entry?.Spend));
    }

    [Theory]
    [InlineData("""{"request_id": "chatcmpl-xyz", "litellm_call_id": "litellm-call-abc", "spend": "oops"}""")]
    [InlineData("""{"request_id": "chatcmpl-xyz", "spend": "oops", "metadata": {"litellm_call_id": "litellm-call-abc"}}""")]
    [InlineData("""{"request_id": "chatcmpl-xyz", "spend": "oops", "metadata": "{\"litellm_call_id\": \"litellm-call-abc\"}"}""")]
    public async Task LookupAsync_MalformedRowWhoseCallIdMatches_FailsAsTheRequestsOwnRow(string malformed)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Respond("application/json", SpendLogJson.Envelope(malformed, CallRow("chatcmpl-other", "litellm-call-other", 0.001m)));

        var lookup = await host.Client.LookupAsync("litellm-call-abc", Around);

        Assert.Equal((SpendLogLookupStatus.Failed, SpendLogFailureKind.MalformedSpendLog, HttpStatusCode.OK), (lookup.Status, lookup.FailureKind, lookup.StatusCode));
        Assert.Contains("the request's spend-log row is malformed", lookup.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"request_id": "chatcmpl-xyz", "litellm_call_id": "litellm-call-other", "spend": "oops"}""")]
    [InlineData("""{"request_id": "chatcmpl-xyz", "spend": "oops", "metadata": "not json"}""")]
    public async Task LookupAsync_MalformedRowOfAnotherCall_Ignored(string malformed)
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url).Respond("application/json", SpendLogJson.Envelope(malformed));

        var lookup = await host.Client.LookupAsync("litellm-call-abc", Around);

        Assert.Equal(SpendLogLookupStatus.NotFound, lookup.Status);
    }

    [Fact]
    public async Task LookupAsync_WellFormedRowByCallIdBesideMalformedRowWithoutId_FoundNotFailed()
    {
        using var host = SpendLogTestHost.Create();
        host.Http.When(HttpMethod.Get, SpendLogTestHost.V2Url)
            .Respond("application/json", SpendLogJson.Envelope("""{"spend": "oops"}""", CallRow("chatcmpl-xyz", "litellm-call-abc", 0.00042m)));

        var lookup = await host.Client.LookupAsync("litellm-call-abc", Around);

        Assert.Equal((SpendLogLookupStatus.Found, "chatcmpl-xyz"), (lookup.Status, lookup.Entry?.RequestId));
    }

    private static string CallRow(string requestId, string callId, decimal spend) =>
        SpendLogJson.Row(requestId, spend).Replace("\"call_type\"", "\"litellm_call_id\": \"" + callId + "\", \"call_type\"", StringComparison.Ordinal);
}
