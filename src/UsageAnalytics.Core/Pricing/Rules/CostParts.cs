namespace UsageAnalytics.Pricing.Rules;

/// <summary>The list-price parts of one record's cost, in USD, and the warnings raised while pricing it.</summary>
internal struct CostParts
{
    public decimal Input;
    public decimal CacheRead;
    public decimal CacheWrite;
    public decimal Output;
    public decimal Reasoning;
    public decimal Audio;
    public PriceWarnings Warnings;

    /// <summary>Gets the sum of the parts.</summary>
    public readonly decimal Total => Input + CacheRead + CacheWrite + Output + Reasoning + Audio;
}
