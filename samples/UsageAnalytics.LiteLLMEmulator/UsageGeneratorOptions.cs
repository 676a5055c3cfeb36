using UsageAnalytics.Pricing;

namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>Settings of <see cref="UsageDataGenerator"/>. Every rate is a fraction between 0 and 1.</summary>
public sealed record UsageGeneratorOptions
{
    /// <summary>Gets the seed; the same seed and settings give the same rows. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Gets the number of calls the application made (its usage rows). Default 300.</summary>
    public int RowCount { get; init; } = 300;

    /// <summary>Gets how many days before <see cref="End"/> the calls spread over. Default 7.</summary>
    public int Days { get; init; } = 7;

    /// <summary>Gets the instant the generated history ends (usually the current time of a <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Gets the fraction of failed calls (spend 0, error_information). Default 0.03.</summary>
    public double FailureRate { get; init; } = 0.03;

    /// <summary>Gets the fraction of usage rows stored without any request id (never actualizable). Default 0.02.</summary>
    public double MissingRequestIdRate { get; init; } = 0.02;

    /// <summary>Gets the fraction of usage rows whose request id the proxy has no row for (lost or purged). Default 0.02.</summary>
    public double UnloggedRate { get; init; } = 0.02;

    /// <summary>Gets the fraction of extra spend-log rows made by other clients of the proxy (no usage row). Default 0.04.</summary>
    public double ProxyOnlyRate { get; init; } = 0.04;

    /// <summary>Gets the fraction of calls made in the last 30 seconds (still in LiteLLM's batch writer, and younger than the synchronizer's default one-minute minimum age even on a slow run). Default 0.02.</summary>
    public double RecentRate { get; init; } = 0.02;

    /// <summary>
    /// Gets the fraction of usage rows keyed by LiteLLM's call id (the <c>x-litellm-call-id</c> response header, the
    /// row's <c>litellm_call_id</c>) instead of the provider's response id; newer proxies find them by that id too.
    /// Response-cache hits are never keyed so (they carry the original call's id). Default 0.03.
    /// </summary>
    public double CallIdKeyedRate { get; init; } = 0.03;

    /// <summary>Gets the spread of the application's estimate around the actual LLM cost (a standard deviation). Default 0.04.</summary>
    public double EstimateError { get; init; } = 0.04;

    /// <summary>
    /// Gets the price book both sides price with, or <see langword="null"/> (the default) for the generator's own rates.
    /// With a book, a spend-log row's <c>spend</c> is the book's cost of LiteLLM's quantities (its tokens, the cache-write
    /// lifetimes, the service tier, the audio seconds or characters), and the app's LLM estimate is the book's cost of
    /// the app's own quantities: the two differ where the app counted a streamed call's prompt tokens itself (on about 12%
    /// of streamed chat calls without prompt caching: 2% to 6% short for OpenAI and Gemini, 10% to 20% for Claude) and where the app's staging instances priced
    /// <c>gpt-4o</c> at the stale rates of <c>gpt-4o-2024-05-13</c>; a response-cache hit is estimated at 0, as LiteLLM
    /// charges it. A model the book cannot price keeps the generator's own rates for the spend and the app's rough
    /// list-price estimate. Without a book the app's estimate is that rough one, a few percent off the spend.
    /// </summary>
    public PriceBook? PriceBook { get; init; }
}
