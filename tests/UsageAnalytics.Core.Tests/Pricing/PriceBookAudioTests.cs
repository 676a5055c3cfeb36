using static UsageAnalytics.Pricing.PricingFixtures;

namespace UsageAnalytics.Pricing;

/// <summary>Per-second (OpenAI's cost_per_second) and per-character (select_cost_metric_for_model) audio prices.</summary>
public sealed class PriceBookAudioTests
{
    [Fact]
    public void Estimate_WhisperSeconds_AreBilledOnce()
    {
        var estimate = Book.Estimate(Row("whisper-1") with { AudioDurationSeconds = 60.5m });

        // output_cost_per_second × 60.5 = 0.00605; never also input_cost_per_second (0.0121 would be billing it twice).
        Assert.Equal(PriceStatus.Priced, estimate.Status);
        Assert.Equal(0.00605m, estimate.AudioCost);
        Assert.Equal(0.00605m, estimate.Cost);
        Assert.Equal(PriceWarnings.None, estimate.Warnings);
    }

    [Fact]
    public void Estimate_TtsCharacters_ArePricedPerCharacter()
    {
        var estimate = Book.Estimate(Row("tts-1") with { CharacterCount = 1000 });

        Assert.Equal(0.015m, estimate.AudioCost); // 1000 × 1.5e-5
        Assert.Equal(0.015m, estimate.Cost);
    }

    [Fact]
    public void Estimate_OutputPerSecondZeroWithAnInputRate_BillsTheZeroOutputRateAndWarns()
    {
        var estimate = Book.Estimate(Row("deepgram/nova-2") with { AudioDurationSeconds = 100m });

        // LiteLLM's cost_per_second takes output_cost_per_second when the field is there, even at 0.
        Assert.Equal(PriceStatus.Priced, estimate.Status);
        Assert.Equal(0m, estimate.Cost);
        Assert.Equal(PriceWarnings.AudioUnpriced, estimate.Warnings);
    }

    [Fact]
    public void Estimate_OnlyAnInputPerSecondRate_BillsTheInputRate()
    {
        var estimate = Book.Estimate(Row("stt-in-only") with { AudioDurationSeconds = 30m });

        Assert.Equal(0.006m, estimate.AudioCost); // 30 × 0.0002
    }

    [Fact]
    public void Estimate_PerSecondModelWithoutSeconds_HasNoApplicableRate()
    {
        var estimate = Book.Estimate(Row("whisper-1", prompt: 100));

        Assert.Equal(PriceStatus.NoApplicableRate, estimate.Status);
        Assert.Equal("whisper-1", estimate.ModelId);
        Assert.Equal(0m, estimate.Cost);
    }

    [Fact]
    public void Estimate_TokenPricedSpeechModelWithTokens_UsesTheTokenRule()
    {
        var estimate = Book.Estimate(Row("gpt-4o-mini-tts", prompt: 100, completion: 1000) with { AudioDurationSeconds = 20m });

        Assert.Equal(0.01025m, estimate.Cost); // 100 × 2.5e-6 + 1000 × 1e-5
        Assert.Equal(PriceWarnings.None, estimate.Warnings);
    }

    [Fact]
    public void Estimate_TokenPricedSpeechModelWithOnlySeconds_IsZeroWithAWarning()
    {
        var estimate = Book.Estimate(Row("gpt-4o-mini-tts") with { AudioDurationSeconds = 20m });

        Assert.Equal(PriceStatus.Priced, estimate.Status);
        Assert.Equal(0m, estimate.Cost);
        Assert.Equal(PriceWarnings.AudioUnpriced, estimate.Warnings);
    }
}
