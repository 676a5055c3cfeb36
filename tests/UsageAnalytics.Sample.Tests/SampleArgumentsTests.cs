namespace UsageAnalytics.Sample;

public sealed class SampleArgumentsTests
{
    [Fact]
    public void Parse_NoArguments_GivesTheDefaults()
    {
        var options = SampleArguments.Parse([]);

        Assert.Equal(new SampleOptions(), options);
        Assert.Equal(300, options.Rows);
        Assert.Equal(7, options.Days);
        Assert.False(options.Faults);
        Assert.Null(options.UsageFile);
    }

    [Fact]
    public void Parse_EveryOption_IsRead()
    {
        var options = SampleArguments.Parse(
            ["--rows", "50", "--days", "3", "--seed", "-9", "--faults", "--verbose", "--from", "2026-08-01", "--to", "2026-08-06T12:00:00+02:00", "--usage", "u.jsonl"]);

        Assert.Equal(50, options.Rows);
        Assert.Equal(3, options.Days);
        Assert.Equal(-9, options.Seed);
        Assert.True(options.Faults);
        Assert.True(options.Verbose);
        Assert.Equal(new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero), options.From);
        Assert.Equal(new DateTimeOffset(2026, 8, 6, 10, 0, 0, TimeSpan.Zero), options.To);
        Assert.Equal("u.jsonl", options.UsageFile);
    }

    [Fact]
    public void Parse_SpendLogsZoneNowAndJson_AreRead()
    {
        var options = SampleArguments.Parse(["--spend-logs", "logs.json", "--time-zone", "America/Los_Angeles", "--now", "2026-08-07T00:30:00-07:00", "--json"]);

        Assert.Equal("logs.json", options.SpendLogsFile);
        Assert.Equal(TimeSpan.FromHours(-8), options.TimeZone.BaseUtcOffset);
        Assert.Equal(new DateTimeOffset(2026, 8, 7, 7, 30, 0, TimeSpan.Zero), options.Now);
        Assert.True(options.Json);
        Assert.Equal(TimeZoneInfo.Utc, SampleArguments.Parse([]).TimeZone);
    }

    [Theory]
    [InlineData("2026-08-07T07:30:00Z")]
    [InlineData("2026-08-07T07:30:00.000Z")]
    [InlineData("2026-08-07T07:30Z")]
    [InlineData("2026-08-07T09:30:00+02:00")]
    public void Parse_NowWithAnOffset_IsThatInstant(string text)
    {
        Assert.Equal(new DateTimeOffset(2026, 8, 7, 7, 30, 0, TimeSpan.Zero), SampleArguments.Parse(["--now", text]).Now);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Parse_Help_SetsHelp(string arg)
    {
        Assert.True(SampleArguments.Parse([arg]).Help);
    }

    [Theory]
    [InlineData("unknown option '--bogus'", "--bogus")]
    [InlineData("unknown option 'extra'", "extra")]
    [InlineData("'--rows' needs a value", "--rows")]
    [InlineData("'--rows' needs a value", "--rows", "--faults")]
    [InlineData("'--rows' needs an integer", "--rows", "many")]
    [InlineData("'--rows' needs an integer", "--rows", "-1")]
    [InlineData("'--days' needs an integer", "--days", "0")]
    [InlineData("'--from' needs an ISO-8601 date", "--from", "yesterday")]
    [InlineData("--to must not be before --from", "--from", "2026-08-06", "--to", "2026-08-05")]
    [InlineData("'--time-zone' needs a known IANA or Windows time zone id", "--time-zone", "Nowhere/Special")]
    [InlineData("'--now' needs an ISO-8601 timestamp with an offset", "--now", "2026-08-07")]
    [InlineData("cannot be combined", "--usage", "a.jsonl", "--spend-logs", "b.jsonl")]
    public void Parse_BadArguments_ThrowsWithAOneLineReason(string expected, params string[] args)
    {
        var error = Assert.Throws<SampleUsageException>(() => SampleArguments.Parse(args));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
