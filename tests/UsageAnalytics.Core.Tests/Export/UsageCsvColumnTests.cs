namespace UsageAnalytics.Export;

public sealed class UsageCsvColumnTests
{
    [Fact]
    public void Default_ListsTheSpecifiedColumnsInOrder()
    {
        var names = string.Join(",", UsageCsvColumn.Default.Select(c => c.Name));

        Assert.Equal(
            "timestamp,request_id,provider,model,service,status,error_type,user_id,team_id,key_alias,session_id,tags,prompt_tokens,"
            + "completion_tokens,total_tokens,cached_prompt_tokens,cache_write_tokens,reasoning_tokens,estimated_cost,actual_cost,"
            + "effective_cost,currency,latency_ms,time_to_first_token_ms,cache_hit",
            names);
    }

    [Fact]
    public void Parse_EveryColumnName_RoundTripsToAnEqualColumn()
    {
        UsageCsvColumn[] columns = [.. UsageCsvColumn.All, UsageCsvColumn.Dimension("department"), UsageCsvColumn.Dimension("a:b")];

        var parsed = columns.Select(c => UsageCsvColumn.Parse(c.Name)).ToArray();

        Assert.Equal(columns, parsed);
        Assert.Equal(29, UsageCsvColumn.All.Count);
        Assert.Equal("department", parsed[^2].DimensionKey);
        Assert.Equal("dimension:a:b", parsed[^1].Name);
    }

    [Fact]
    public void Equals_SameDimensionKey_IsEqualAndHashesAlike()
    {
        var a = UsageCsvColumn.Dimension("env");
        var b = UsageCsvColumn.Dimension("env");

        Assert.True(a.Equals(b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, UsageCsvColumn.Dimension("Env"));
        Assert.NotEqual(UsageCsvColumn.Model, UsageCsvColumn.Provider);
    }

    [Theory]
    [InlineData("Model")]
    [InlineData("cost")]
    [InlineData("dimension:")]
    [InlineData("dimension: ")]
    [InlineData("")]
    public void Parse_UnknownName_ThrowsNamingItAndListingValidOnes(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => UsageCsvColumn.Parse(name));

        Assert.Contains("'" + name + "'", e.Message, StringComparison.Ordinal);
        Assert.Contains("timestamp, request_id, provider", e.Message, StringComparison.Ordinal);
        Assert.Contains("dimension:<key>", e.Message, StringComparison.Ordinal);
        Assert.Equal("name", e.ParamName);
    }

    [Fact]
    public void Options_DuplicateColumn_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new UsageCsvOptions { Columns = [UsageCsvColumn.Model, UsageCsvColumn.Dimension("x"), UsageCsvColumn.Parse("dimension:x")] });

        Assert.Contains("'dimension:x'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_EmptyOrNullColumn_Throws()
    {
        Assert.Throws<ArgumentException>(() => new UsageCsvOptions { Columns = [] });
        Assert.Throws<ArgumentNullException>(() => new UsageCsvOptions { Columns = [UsageCsvColumn.Model, null!] });
        Assert.Throws<ArgumentNullException>(() => new UsageCsvOptions { Columns = null! });
    }

    [Fact]
    public void Options_SameColumns_AreEqual()
    {
        var a = new UsageCsvOptions { Columns = [UsageCsvColumn.Model, UsageCsvColumn.Dimension("x")] };
        var b = new UsageCsvOptions { Columns = [UsageCsvColumn.Model, UsageCsvColumn.Dimension("x")] };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { IncludeHeader = false });
        Assert.Equal(UsageCsvColumn.Default, new UsageCsvOptions().Columns);
    }
}
