namespace UsageAnalytics.Fuzz;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("req-1", "req-1")]
    [InlineData("a\r\nforged: line", "a\\r\\nforged: line")]
    [InlineData("tab\tbell\u0007esc\u001b", "tab\\tbell\\u0007esc\\u001b")]
    [InlineData("sep\u2028par\u2029nel\u0085", "sep\\u2028par\\u2029nel\\u0085")]
    [InlineData(null, "(none)")]
    public void Safe_OutsideText_EscapesControlCharacters(string? value, string expected)
    {
        var safe = LogText.Safe(value);

        Assert.Equal(expected, safe);
    }

    [Fact]
    public void Safe_OneMegabyteWithLineBreaks_IsOneShortLine()
    {
        var value = string.Concat(Enumerable.Repeat("x\r\n", 350_000));

        var safe = LogText.Safe(value);

        Assert.EndsWith("…", safe, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', safe);
        Assert.DoesNotContain('\r', safe);
        Assert.True(safe.Length <= 3 * LogText.MaxLength, $"{safe.Length} characters");
    }

    [Fact]
    public void Safe_CutInsideSurrogatePair_KeepsThePairWhole()
    {
        var value = new string('a', LogText.MaxLength - 1) + "🙂" + "tail";

        var safe = LogText.Safe(value);

        Assert.Equal(new string('a', LogText.MaxLength - 1) + "…", safe);
    }
}
