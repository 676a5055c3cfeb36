using System.Text.Json.Nodes;
using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>One request: estimated against actual, the tolerance band's edge, and what explains the gap.</summary>
public sealed class ReconcilerTests
{
    // model-a: 1e-6 USD per prompt token, 2e-6 per completion token; model-c adds a cache-read rate of 1e-7.
    private const string PriceJson = """
        {
          "model-a": { "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "litellm_provider": "openai", "mode": "chat" },
          "model-c": { "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "cache_read_input_token_cost": 1e-7, "litellm_provider": "openai", "mode": "chat" }
        }
        """;

    private static readonly PriceBook _book = PriceBook.Parse(PriceJson);
    private static readonly ReconciliationOptions _withBook = new() { PriceBook = _book };

    [Fact]
    public void Compare_SpendLogCountedMorePromptTokens_SplitsTheGapBetweenTokensAndPrice()
    {
        // The record says 1000/500 tokens and estimated 1000 × 1e-6 + 500 × 2e-6 = 0.002; LiteLLM counted 1200/500 and
        // charged 0.0025. At the book's rates 1200/500 cost 0.0012 + 0.001 = 0.0022, so the token counts explain
        // 0.0022 − 0.002 = 0.0002 and the price the other 0.0005 − 0.0002 = 0.0003.
        var record = Row("r1", "model-a", 0.002m, 0.0025m, prompt: 1000, completion: 500, spendLogPrompt: 1200, spendLogCompletion: 500);

        var row = Reconciler.Compare(record, _withBook)!;

        Assert.Equal((0.002m, 0.0025m, 0.0005m, 1.25m), (row.Estimated, row.Actual, row.Difference, row.Ratio));
        Assert.Equal((1200L, 500L), (row.SpendLogPromptTokens, row.SpendLogCompletionTokens));
        Assert.Equal(ReconciliationCause.TokenCountsAndPrice, row.Cause);
        Assert.Equal(0.0002m, row.TokenEffect);
        Assert.Equal(0.0003m, row.PriceEffect);
        Assert.True(row.IsOutsideTolerance); // 25% over
        Assert.Same(record, row.Record);
    }

    [Fact]
    public void Compare_TokensDifferWithoutBook_SaysTheSplitIsUnknown()
    {
        var record = Row("r1", "model-a", 0.002m, 0.0025m, prompt: 1000, completion: 500, spendLogPrompt: 1200, spendLogCompletion: 500);

        var row = Reconciler.Compare(record)!;

        Assert.Equal(ReconciliationCause.TokenCountsUnpriced, row.Cause);
        Assert.Null(row.TokenEffect);
        Assert.Null(row.PriceEffect);
        Assert.Equal(0.0005m, row.Difference);
    }

    [Fact]
    public void Compare_TokensDifferAndTheBookDoesNotKnowTheModel_SaysTheSplitIsUnknown()
    {
        var record = Row("r1", "mystery", 0.002m, 0.0025m, prompt: 1000, completion: 500, spendLogPrompt: 1200, spendLogCompletion: 500);

        var row = Reconciler.Compare(record, _withBook)!;

        Assert.Equal((ReconciliationCause.TokenCountsUnpriced, (decimal?)null, (decimal?)null), (row.Cause, row.TokenEffect, row.PriceEffect));
    }

    [Fact]
    public void Compare_TokensDifferInAnotherCurrency_DoesNotUseTheUsdBook()
    {
        var record = Row("r1", "model-a", 0.002m, 0.0025m, prompt: 1000, completion: 500, spendLogPrompt: 1200, spendLogCompletion: 500) with { Currency = "EUR" };

        var row = Reconciler.Compare(record, _withBook)!;

        Assert.Equal(ReconciliationCause.TokenCountsUnpriced, row.Cause);
    }

    [Fact]
    public void Compare_SameTokens_AllOfTheGapIsPriceWithOrWithoutBook()
    {
        // 1000/500 on both sides; estimated 0.002, charged 0.0024: 0.0004 of price, none of tokens.
        var record = Row("r1", "mystery", 0.002m, 0.0024m, prompt: 1000, completion: 500, spendLogPrompt: 1000, spendLogCompletion: 500);

        var plain = Reconciler.Compare(record)!;
        var withBook = Reconciler.Compare(record, _withBook)!;

        Assert.Equal((ReconciliationCause.Price, (decimal?)0m, (decimal?)0.0004m), (plain.Cause, plain.TokenEffect, plain.PriceEffect));
        Assert.Equal((ReconciliationCause.Price, (decimal?)0m, (decimal?)0.0004m), (withBook.Cause, withBook.TokenEffect, withBook.PriceEffect));
    }

    [Fact]
    public void Compare_GapExplainedByTokensAlone_HasNoPriceEffect()
    {
        // Charged exactly the book's price of LiteLLM's 1200/500 tokens: 0.0022.
        var record = Row("r1", "model-a", 0.002m, 0.0022m, prompt: 1000, completion: 500, spendLogPrompt: 1200, spendLogCompletion: 500);

        var row = Reconciler.Compare(record, _withBook)!;

        Assert.Equal((ReconciliationCause.TokenCounts, (decimal?)0.0002m, (decimal?)0m), (row.Cause, row.TokenEffect, row.PriceEffect));
    }

    [Fact]
    public void Compare_NoGapAndSameTokens_IsNoDifference()
    {
        var record = Row("r1", "model-a", 0.002m, 0.002m, prompt: 1000, completion: 500, spendLogPrompt: 1000, spendLogCompletion: 500);

        var row = Reconciler.Compare(record)!;

        Assert.Equal((ReconciliationCause.NoDifference, 0m, (decimal?)1m, false), (row.Cause, row.Difference, row.Ratio, row.IsOutsideTolerance));
    }

    [Fact]
    public void Compare_SpendLogHasFewerPromptTokensThanCached_ClampsTheCachedCountForTheTokenEffect()
    {
        // The record: 1000 prompt tokens of which 800 cached: 200 × 1e-6 + 800 × 1e-7 = 0.00028. LiteLLM counted 500
        // prompt tokens: the 800 cached are clamped to 500, so 0 × 1e-6 + 500 × 1e-7 = 0.00005. Token effect
        // 0.00005 − 0.00028 = −0.00023; charged 0.0001, so the price effect is (0.0001 − 0.00028) + 0.00023 = 0.00005.
        var record = Row("r1", "model-c", 0.00028m, 0.0001m, prompt: 1000, completion: 0, spendLogPrompt: 500, spendLogCompletion: 0) with { CachedPromptTokens = 800 };

        var row = Reconciler.Compare(record, _withBook)!;

        Assert.Equal(-0.00018m, row.Difference);
        Assert.Equal(-0.00023m, row.TokenEffect);
        Assert.Equal(0.00005m, row.PriceEffect);
    }

    [Fact]
    public void Compare_NoSpendLogTokens_SaysTheyAreMissing()
    {
        var withoutBreakdown = Row("r1", "model-a", 0.002m, 0.0025m, prompt: 1000, completion: 500);
        var zeros = Row("r2", "model-a", 0.002m, 0.0025m, prompt: 1000, completion: 500, spendLogPrompt: 0, spendLogCompletion: 0);
        var text = withoutBreakdown with { CostBreakdown = new JsonObject { ["prompt_tokens"] = "1200", ["completion_tokens"] = 500 } };

        foreach (var record in new[] { withoutBreakdown, zeros, text })
        {
            var row = Reconciler.Compare(record, _withBook)!;

            Assert.Equal(ReconciliationCause.SpendLogTokensMissing, row.Cause);
            Assert.Equal(((long?)null, (decimal?)null, (decimal?)null), (row.SpendLogPromptTokens, row.TokenEffect, row.PriceEffect));
        }
    }

    [Fact]
    public void Compare_BreakdownParsedWithADuplicateKey_ReadsTheLastValue()
    {
        var breakdown = JsonNode.Parse("""{"prompt_tokens": 1, "prompt_tokens": 1200, "completion_tokens": 500}""")!.AsObject();
        var record = Row("r1", "model-a", 0.002m, 0.0025m, prompt: 1000, completion: 500) with { CostBreakdown = breakdown };

        var row = Reconciler.Compare(record, _withBook)!;

        Assert.Equal((1200L, (decimal?)0.0002m), (row.SpendLogPromptTokens, row.TokenEffect));
    }

    [Theory]
    [InlineData("""{"prompt_tokens": 1200.0, "completion_tokens": 500}""")]
    [InlineData("""{"prompt_tokens": 1.2e3, "completion_tokens": 5E2}""")]
    public void Compare_SpendLogTokensWrittenAsWholeDecimals_AreRead(string json)
    {
        var record = Row("r1", "model-a", 0.002m, 0.0025m, prompt: 1000, completion: 500) with { CostBreakdown = JsonNode.Parse(json)!.AsObject() };

        var row = Reconciler.Compare(record, _withBook)!;

        Assert.Equal((1200L, 500L, (decimal?)0.0002m), (row.SpendLogPromptTokens, row.SpendLogCompletionTokens, row.TokenEffect));
    }

    [Fact]
    public void Compare_SpendLogTokensWithAFraction_AreMissing()
    {
        var record = Row("r1", "model-a", 0.002m, 0.0025m, prompt: 1000, completion: 500) with
        {
            CostBreakdown = new JsonObject { ["prompt_tokens"] = 1200.5, ["completion_tokens"] = 500 },
        };

        Assert.Equal(ReconciliationCause.SpendLogTokensMissing, Reconciler.Compare(record, _withBook)!.Cause);
    }

    [Theory]
    [InlineData("1.10", false)] // +10% exactly: the edge is inside
    [InlineData("0.90", false)] // −10% exactly
    [InlineData("1.1000000001", true)]
    [InlineData("0.8999999999", true)]
    [InlineData("1.05", false)]
    public void Compare_ToleranceBand_HasItsEdgeInside(string actual, bool outside)
    {
        var record = Row("r1", "model-a", 1.00m, decimal.Parse(actual, System.Globalization.CultureInfo.InvariantCulture));

        var row = Reconciler.Compare(record)!;

        Assert.Equal(outside, row.IsOutsideTolerance);
    }

    [Fact]
    public void Compare_ZeroEstimate_HasNoRatioAndIsOutsideUnlessTheActualIsZeroToo()
    {
        var charged = Reconciler.Compare(Row("r1", "model-a", 0m, 0.01m))!;
        var free = Reconciler.Compare(Row("r2", "model-a", 0m, 0m))!;

        Assert.Equal(((decimal?)null, true), (charged.Ratio, charged.IsOutsideTolerance));
        Assert.Equal(((decimal?)null, false), (free.Ratio, free.IsOutsideTolerance));
    }

    [Fact]
    public void Compare_CustomTolerance_AppliesTheGivenRatio()
    {
        var row = Reconciler.Compare(Row("r1", "model-a", 1.00m, 1.05m), new ReconciliationOptions { Tolerance = 0.02m })!;

        Assert.True(row.IsOutsideTolerance);
    }

    [Fact]
    public void Compare_NoActualCost_ReturnsNull()
    {
        Assert.Null(Reconciler.Compare(Row("r1", "model-a", 1m, null)));
    }

    [Fact]
    public void Compare_NegativeTokens_IsRefusedNamingTheRow()
    {
        var error = Assert.Throws<ArgumentException>(() => Reconciler.Compare(Row("bad-7", "model-a", 1m, 1m, prompt: -5)));

        Assert.Contains("bad-7", error.Message, StringComparison.Ordinal);
        Assert.Contains("PromptTokens is negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_InvalidOptions_AreRefused()
    {
        var record = Row("r1", "model-a", 1m, 1m);

        Assert.Throws<ArgumentOutOfRangeException>(() => Reconciler.Compare(record, new ReconciliationOptions { Tolerance = -0.1m }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reconciler.Reconcile([record], new ReconciliationOptions { LargestGapCount = -1 }));
        Assert.Throws<ArgumentNullException>(() => Reconciler.Reconcile([record], new ReconciliationOptions { TimeZone = null! }));
        Assert.Throws<ArgumentException>(() => Reconciler.Reconcile([record], new ReconciliationOptions { Currency = " " }));
    }

    internal static UsageRecord Row(
        string id, string? model, decimal estimated, decimal? actual, long prompt = 0, long completion = 0,
        long? spendLogPrompt = null, long? spendLogCompletion = null, DateTimeOffset? at = null) => new()
    {
        RequestId = id,
        Timestamp = at ?? new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero),
        Provider = "openai",
        Model = model,
        PromptTokens = prompt,
        CompletionTokens = completion,
        EstimatedCost = estimated,
        ActualCost = actual,
        CostBreakdown = spendLogPrompt is null ? null : new JsonObject
        {
            ["request_id"] = id,
            ["actual_llm_cost"] = actual,
            ["prompt_tokens"] = spendLogPrompt,
            ["completion_tokens"] = spendLogCompletion,
        },
    };
}
