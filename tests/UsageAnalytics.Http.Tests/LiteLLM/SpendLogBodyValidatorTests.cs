using System.Text;
using System.Text.Json;

namespace UsageAnalytics.LiteLLM;

public sealed class SpendLogBodyValidatorTests
{
    [Theory]
    [InlineData("[]")]
    [InlineData("[null]")]
    [InlineData("  [null, null]\r\n")]
    [InlineData("""{"data": null}""")]
    [InlineData("""{"data": []}""")]
    [InlineData("""{"total": 3, "data": [{"request_id": "a"}], "page": 1, "total_is_capped": "maybe", "extra": {"deep": [[[]]]}}""")]
    [InlineData("""{"data": [{"request_id": "a", "spend": "oops"}, [1, 2], "text", 7, {"metadata": "{\"not\": json"}]}""")]
    [InlineData("""{"d\u0061ta": []}""")]
    [InlineData("""{"data": "x", "data": []}""")]
    [InlineData("""[{"startTime": "2026-08-06", "spend": 1e400}]""")]
    public void FindFault_ReadableAnswer_None(string body)
    {
        var fault = SpendLogBodyValidator.FindFault(Encoding.UTF8.GetBytes(body));

        Assert.Null(fault);
        Assert.NotNull(SpendLogPage.Parse(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("", "The response body is empty.")]
    [InlineData("   ", "The response body is empty.")]
    [InlineData("""{"data": [""", "LineNumber: 0")]
    [InlineData("""{"data": [{"request_id": "a", "spe""", "LineNumber: 0")]
    [InlineData("not json", "LineNumber: 0")]
    [InlineData("\"a string\"", "The response is a JSON string, neither an array nor an object with a \"data\" array.")]
    [InlineData("42", "The response is a JSON number, neither an array nor an object with a \"data\" array.")]
    [InlineData("null", "The response is a JSON null, neither an array nor an object with a \"data\" array.")]
    [InlineData("""{"error": {"message": "unexpected"}}""", "The response is a JSON object without \"data\": neither the v2 envelope nor the v1 array.")]
    [InlineData("""{"data": {"request_id": "a"}}""", "The response's \"data\" is a JSON object, not an array.")]
    [InlineData("""{"data": [], "data": "x"}""", "The response's \"data\" is a JSON string, not an array.")]
    [InlineData("""{"data": "x", "data": {}}""", "The response's \"data\" is a JSON object, not an array.")]
    [InlineData("""[] []""", "LineNumber: 0")]
    [InlineData("""{"data": []} trailing""", "LineNumber: 0")]
    [InlineData("""[1,]""", "LineNumber: 0")]
    public void FindFault_UnreadableAnswer_SaysWhy(string body, string expected)
    {
        var fault = SpendLogBodyValidator.FindFault(Encoding.UTF8.GetBytes(body));

        Assert.NotNull(fault);
        Assert.Contains(expected, fault, StringComparison.Ordinal);
    }

    [Fact]
    public void FindFault_DeeperThanTheDocumentParserAllows_RefusedLikeIt()
    {
        var body = "[" + new string('[', 70) + new string(']', 70) + "]";

        var fault = SpendLogBodyValidator.FindFault(Encoding.UTF8.GetBytes(body));

        Assert.NotNull(fault);
        Assert.ThrowsAny<JsonException>(() => SpendLogPage.Parse(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void FindFault_EveryPrefixOfAValidEnvelope_RefusedUnlessComplete()
    {
        var body = Encoding.UTF8.GetBytes(TestSupport.SpendLogJson.Envelope(TestSupport.SpendLogJson.Rows("req-", 0, 2)));

        var accepted = Enumerable.Range(1, body.Length).Where(n => SpendLogBodyValidator.FindFault(body.AsSpan(0, n)) is null).ToList();

        Assert.Equal([body.Length], accepted);
    }
}
