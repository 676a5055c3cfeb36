using System.Text.Json.Nodes;
using UsageAnalytics.Records;

namespace UsageAnalytics.Pricing;

/// <summary>Re-pricing a range in one call: new estimates, the difference per model, and every row handed back.</summary>
public sealed class RepricerTests
{
    // model-a: 1e-6 / 2e-6 USD per prompt / completion token; model-b: 1e-5 / 3e-5.
    private const string PriceJson = """
        {
          "model-a": { "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "litellm_provider": "openai", "mode": "chat" },
          "model-b": { "input_cost_per_token": 1e-5, "output_cost_per_token": 3e-5, "litellm_provider": "openai", "mode": "chat" }
        }
        """;

    private static readonly PriceBook _book = PriceBook.Parse(PriceJson);
    private static readonly DateTimeOffset _from = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _until = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    // In range: a1 1000/500 → 0.002 (was 0.0025); a2 2000/0 → 0.002 (was 0.001); a3 at the range's first instant,
    // 10/0 → 0.00001 (was 0.0001); b1 100/100 → 0.001 + 0.003 = 0.004 (was 0.001); m1 an unknown model keeps 0.005.
    // Left alone: before (Feb 28), at-until (the exclusive end), eur (another currency).
    private static readonly UsageRecord[] _rows =
    [
        Row("a1", "model-a", 0.0025m, 1000, 500, Day(5)),
        Row("before", "model-a", 0.1m, 1000, 500, _from.AddTicks(-1)),
        Row("a2", "model-a", 0.001m, 2000, 0, Day(6)),
        Row("b1", "model-b", 0.001m, 100, 100, Day(7)),
        Row("m1", "mystery", 0.005m, 100, 100, Day(8)),
        Row("at-until", "model-a", 0.1m, 1000, 500, _until),
        Row("a3", "model-a", 0.0001m, 10, 0, _from),
        Row("eur", "model-a", 0.1m, 1000, 500, Day(9)) with { Currency = "EUR" },
    ];

    [Fact]
    public void Reprice_Range_GivesTheDifferencePerModelAndOverall()
    {
        var report = Repricer.Reprice(_rows, _book, _from, _until);

        Assert.Equal(["model-a", "model-b", "mystery"], report.ByModel.Keys);
        Assert.Equal(
            new RepricingDifference { Rows = 3, RepricedRows = 3, OldEstimatedCost = 0.0036m, NewEstimatedCost = 0.00401m, Difference = 0.00041m },
            report.ByModel["model-a"]);
        Assert.Equal(
            new RepricingDifference { Rows = 1, RepricedRows = 1, OldEstimatedCost = 0.001m, NewEstimatedCost = 0.004m, Difference = 0.003m },
            report.ByModel["model-b"]);
        Assert.Equal(
            new RepricingDifference { Rows = 1, UnpricedRows = 1, OldEstimatedCost = 0.005m, NewEstimatedCost = 0.005m, Difference = 0m },
            report.ByModel["mystery"]);
        Assert.Equal(
            new RepricingDifference { Rows = 5, RepricedRows = 4, UnpricedRows = 1, OldEstimatedCost = 0.0096m, NewEstimatedCost = 0.01301m, Difference = 0.00341m },
            report.Overall);
        Assert.Equal((2L, 1L, "USD", _from, _until), (report.OutsideRangeRows, report.OtherCurrencyRows, report.Currency, report.From, report.Until));
    }

    [Fact]
    public void Reprice_Range_HandsEveryRowBackInOrderWithItsNewEstimate()
    {
        var results = new List<RepricedRecord>();

        Repricer.Reprice(_rows, _book, _from, _until, results.Add);

        Assert.Equal(_rows.Select(r => r.RequestId), results.Select(r => r.Record.RequestId));
        Assert.Equal(
            [RepricingOutcome.Repriced, RepricingOutcome.OutsideRange, RepricingOutcome.Repriced, RepricingOutcome.Repriced, RepricingOutcome.Unpriced, RepricingOutcome.OutsideRange, RepricingOutcome.Repriced, RepricingOutcome.OtherCurrency],
            results.Select(r => r.Outcome));
        Assert.Equal([0.002m, 0.1m, 0.002m, 0.004m, 0.005m, 0.1m, 0.00001m, 0.1m], results.Select(r => r.Record.EstimatedCost));
        Assert.Equal(-0.0005m, results[0].Difference);
        Assert.Equal(PriceStatus.UnknownModel, results[4].Estimate!.Status);
        Assert.Same(_rows[4], results[4].Record);
        Assert.Null(results[1].Estimate);
        Assert.All(results, r => Assert.Equal(r.Original with { EstimatedCost = r.Record.EstimatedCost }, r.Record));
    }

    [Fact]
    public void Reprice_ActualizedRow_KeepsItsActualCostAndBreakdown()
    {
        var breakdown = new JsonObject { ["actual_llm_cost"] = 0.0021m };
        var row = Row("a1", "model-a", 0.0025m, 1000, 500, Day(5)) with { ActualCost = 0.0021m, CostBreakdown = breakdown };
        RepricedRecord? result = null;

        Repricer.Reprice([row], _book, _from, _until, r => result = r);

        Assert.Equal((0.002m, (decimal?)0.0021m), (result!.Record.EstimatedCost, result.Record.ActualCost));
        Assert.Same(breakdown, result.Record.CostBreakdown);
    }

    [Fact]
    public void Reprice_CompositeSpeechRow_KeepsTheBreakdownsSttAndTtsEstimates()
    {
        // LLM part 0.002 from the book + STT 0.01 + TTS 0.02 (under custom keys) = 0.032.
        var row = Row("v1", "model-a", 0.5m, 1000, 500, Day(5)) with
        {
            CostBreakdown = new JsonObject { ["stt"] = 0.01m, ["tts"] = "0.02", ["estimated_stt_cost"] = 9m },
        };
        var keys = new Costs.CostMergeOptions { EstimatedSttCostKey = "stt", EstimatedTtsCostKey = "tts" };
        RepricedRecord? result = null;

        var report = Repricer.Reprice([row], _book, _from, _until, r => result = r, keys);

        Assert.Equal(0.032m, result!.Record.EstimatedCost);
        Assert.Equal(-0.468m, report.Overall.Difference);
    }

    [Fact]
    public void Reprice_MalformedSttPart_IsATypedError()
    {
        var row = Row("v1", "model-a", 0.5m, 1000, 500, Day(5)) with { CostBreakdown = new JsonObject { ["estimated_stt_cost"] = "lots" } };

        var error = Assert.Throws<Costs.CostBreakdownException>(() => Repricer.Reprice([row], _book, _from, _until));

        Assert.Contains("estimated_stt_cost", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reprice_SttPartWithALoneSurrogate_IsATypedError()
    {
        var breakdown = JsonNode.Parse("""{"estimated_stt_cost": "\ud800"}""")!.AsObject();
        var row = Row("v1", "model-a", 0.5m, 1000, 500, Day(5)) with { CostBreakdown = breakdown };

        Assert.Throws<Costs.CostBreakdownException>(() => Repricer.Reprice([row], _book, _from, _until));
    }

    [Fact]
    public void Reprice_BookWithDiscount_WritesTheDiscountedCost()
    {
        // 10% off model-a: 0.002 × 0.9 = 0.0018.
        var discounted = _book.WithAdjustments([new PriceAdjustment { Model = "model-a", Multiplier = 0.9m }]);

        var report = Repricer.Reprice([Row("a1", "model-a", 0.0025m, 1000, 500, Day(5))], discounted, _from, _until);

        Assert.Equal(0.0018m, report.Overall.NewEstimatedCost);
    }

    [Fact]
    public void Reprice_NoRows_GivesZeros()
    {
        var report = Repricer.Reprice([], _book, _from, _until);

        Assert.Equal(new RepricingDifference(), report.Overall);
        Assert.Empty(report.ByModel);
        Assert.Equal((0L, 0L), (report.OutsideRangeRows, report.OtherCurrencyRows));
    }

    [Fact]
    public void Reprice_EmptyRange_LeavesEveryRowAlone()
    {
        var report = Repricer.Reprice(_rows, _book, _from, _from);

        Assert.Equal((8L, 0L), (report.OutsideRangeRows, report.Overall.Rows));
    }

    [Fact]
    public void Reprice_BadArguments_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Repricer.Reprice(_rows, _book, _until, _from));
        Assert.Throws<ArgumentNullException>(() => Repricer.Reprice(_rows, null!, _from, _until));
        Assert.Throws<ArgumentNullException>(() => Repricer.Reprice(null!, _book, _from, _until));
        Assert.Throws<ArgumentException>(() => Repricer.Reprice(_rows, _book, _from, _until, null, new Costs.CostMergeOptions { EstimatedSttCostKey = "" }));
    }

    [Fact]
    public void Reprice_NegativeEstimateInRange_IsRefusedNamingTheRow()
    {
        var error = Assert.Throws<ArgumentException>(() => Repricer.Reprice([Row("neg", "model-a", -1m, 1, 1, Day(5))], _book, _from, _until));

        Assert.Contains("neg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepriceAsync_AwaitsTheCallbackForEveryRowAndGivesTheSameReport()
    {
        var written = new List<UsageRecord>();

        var report = await Repricer.RepriceAsync(
            Stream(_rows),
            _book,
            _from,
            _until,
            async (result, cancellationToken) =>
            {
                await Task.Delay(1, cancellationToken);
                written.Add(result.Record);
            });

        var expected = Repricer.Reprice(_rows, _book, _from, _until);
        Assert.Equal(expected.Overall, report.Overall);
        Assert.Equal(expected.ByModel, report.ByModel);
        Assert.Equal([0.002m, 0.1m, 0.002m, 0.004m, 0.005m, 0.1m, 0.00001m, 0.1m], written.Select(r => r.EstimatedCost));
    }

    [Fact]
    public async Task RepriceAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Repricer.RepriceAsync(Stream(_rows), _book, _from, _until, cancellationToken: cts.Token));
    }

    private static DateTimeOffset Day(int day) => new(2026, 3, day, 12, 0, 0, TimeSpan.Zero);

    private static async IAsyncEnumerable<UsageRecord> Stream(IEnumerable<UsageRecord> rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    private static UsageRecord Row(string id, string model, decimal estimated, long prompt, long completion, DateTimeOffset at) => new()
    {
        RequestId = id,
        Timestamp = at,
        Provider = "openai",
        Model = model,
        PromptTokens = prompt,
        CompletionTokens = completion,
        EstimatedCost = estimated,
    };
}
