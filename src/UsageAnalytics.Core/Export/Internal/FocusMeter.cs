namespace UsageAnalytics.Export.Internal;

/// <summary>The meters one FOCUS row can bill; the declaration order is the row order within a group.</summary>
internal enum FocusMeter
{
    /// <summary>Prompt tokens neither read from nor written to the provider's cache.</summary>
    InputTokens,

    /// <summary>Prompt tokens read from the provider's cache.</summary>
    CachedInputTokens,

    /// <summary>Prompt tokens written to the provider's cache.</summary>
    CacheWriteTokens,

    /// <summary>Completion tokens, reasoning included.</summary>
    OutputTokens,

    /// <summary>All tokens of an unpriced record, whose cost is not split.</summary>
    Tokens,

    /// <summary>Requests: records without tokens, and the per-second or per-character part of a priced record.</summary>
    Requests,
}

/// <summary>The FOCUS names of a <see cref="FocusMeter"/>.</summary>
internal static class FocusMeterNames
{
    internal const int Count = 6;

    /// <summary>The <c>SkuMeter</c> value (also the end of <c>ChargeDescription</c>).</summary>
    internal static string SkuMeter(FocusMeter meter) => meter switch
    {
        FocusMeter.InputTokens => "Input Tokens",
        FocusMeter.CachedInputTokens => "Cached Input Tokens",
        FocusMeter.CacheWriteTokens => "Cache Write Tokens",
        FocusMeter.OutputTokens => "Output Tokens",
        FocusMeter.Tokens => "Tokens",
        _ => "Requests",
    };

    /// <summary>The short code closing the <c>SkuId</c>.</summary>
    internal static string Code(FocusMeter meter) => meter switch
    {
        FocusMeter.InputTokens => "input",
        FocusMeter.CachedInputTokens => "cached-input",
        FocusMeter.CacheWriteTokens => "cache-write",
        FocusMeter.OutputTokens => "output",
        FocusMeter.Tokens => "tokens",
        _ => "requests",
    };

    /// <summary>The <c>ConsumedUnit</c> and <c>PricingUnit</c> (FOCUS UnitFormat: plural count nouns).</summary>
    internal static string Unit(FocusMeter meter) => meter == FocusMeter.Requests ? "Requests" : "Tokens";
}
