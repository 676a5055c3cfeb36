namespace UsageAnalytics.Pricing;

/// <summary>A malformed price file is a <see cref="PriceBookFormatException"/> naming the model and the field.</summary>
public sealed class PriceBookMalformedTests
{
    [Theory]
    [InlineData("""{ "gpt-x": { "input_cost_per_token": -1e-6 } }""", "'gpt-x'", "'input_cost_per_token'", "negative")]
    [InlineData("""{ "gpt-x": { "output_cost_per_token": "-3e-7" } }""", "'gpt-x'", "'output_cost_per_token'", "negative")]
    [InlineData("""{ "gpt-x": { "input_cost_per_token": "1.2.3" } }""", "'gpt-x'", "'input_cost_per_token'", "not a number")]
    [InlineData("""{ "gpt-x": { "input_cost_per_token": "NaN" } }""", "'gpt-x'", "'input_cost_per_token'", "finite")]
    [InlineData("""{ "gpt-x": { "input_cost_per_token": "-Infinity" } }""", "'gpt-x'", "'input_cost_per_token'", "finite")]
    [InlineData("""{ "gpt-x": { "input_cost_per_token": 1e400 } }""", "'gpt-x'", "'input_cost_per_token'", "range")]
    [InlineData("""{ "gpt-x": { "input_cost_per_token": 1e-40 } }""", "'gpt-x'", "'input_cost_per_token'", "too small")]
    [InlineData("""{ "q": { "tiered_pricing": { "range": [0, 1] } } }""", "'q'", "'tiered_pricing'", "array")]
    [InlineData("""{ "q": { "tiered_pricing": [ 5 ] } }""", "'q'", "'tiered_pricing[0]'", "object")]
    [InlineData("""{ "q": { "tiered_pricing": [ { "input_cost_per_token": 1e-6, "range": [0] } ] } }""", "'q'", "'tiered_pricing[0].range'", "pair")]
    [InlineData("""{ "q": { "tiered_pricing": [ { "input_cost_per_token": 1e-6, "range": [0, "10"] } ] } }""", "'q'", "'tiered_pricing[0].range'", "pair")]
    [InlineData("""{ "q": { "tiered_pricing": [ { "input_cost_per_token": 1e-6, "range": [0, 1, 2] } ] } }""", "'q'", "'tiered_pricing[0].range'", "pair")]
    [InlineData("""{ "q": { "tiered_pricing": [ { "input_cost_per_token": 1e-6, "range": [10, 5] } ] } }""", "'q'", "'tiered_pricing[0].range'", "starts after")]
    [InlineData("""{ "q": { "tiered_pricing": [ { "input_cost_per_token": 1e-6, "range": [0, 10] }, { "input_cost_per_token": 1e-6 } ] } }""", "'q'", "'tiered_pricing[1]'", "no range")]
    [InlineData("""{ "q": { "tiered_pricing": [ { "input_cost_per_token": -1, "range": [0, 10] } ] } }""", "'q'", "'tiered_pricing[0].input_cost_per_token'", "negative")]
    public void Parse_BadField_NamesTheModelAndTheField(string json, string model, string field, string problem)
    {
        var error = Assert.Throws<PriceBookFormatException>(() => PriceBook.Parse(json));

        Assert.Contains(model, error.Message, StringComparison.Ordinal);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidJson_GivesTheLineAndByteAndTheEntry()
    {
        const string Json = "{\n  \"gpt-4o\": { \"input_cost_per_token\": 2.5e-06 },\n  \"broken\": { \"input_cost_per_token\": 1e-6,, }\n}";

        var error = Assert.Throws<PriceBookFormatException>(() => PriceBook.Parse(Json));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("byte", error.Message, StringComparison.Ordinal);
        Assert.Contains("'broken'", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
    }

    [Theory]
    [InlineData("[]", "array")]
    [InlineData("\"prices\"", "string")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("{ } { }", "line 1")]
    [InlineData("{ \"a\": { } ", "line 1")]
    public void Parse_NotAnObjectOrTruncated_Throws(string json, string named)
    {
        var error = Assert.Throws<PriceBookFormatException>(() => PriceBook.Parse(json));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EntriesThatAreNotObjects_AreSkippedNotErrors()
    {
        var book = PriceBook.Parse("""{ "last_updated": "2026-07-24", "n": 5, "l": [1], "z": null, "m": { "input_cost_per_token": 1e-6 } }""");

        Assert.Equal(1, book.Count);
    }
}
