namespace UsageAnalytics.Pricing;

/// <summary>How a record's model name was matched to a price-book entry.</summary>
public enum PriceMatch
{
    /// <summary>No entry matched.</summary>
    None = 0,

    /// <summary>The model name is a key of the price book as written.</summary>
    Exact = 1,

    /// <summary>The record's provider and model joined as <c>provider/model</c> is a key (for example <c>azure/gpt-4o</c>).</summary>
    ProviderPrefixed = 2,

    /// <summary>The model name without its provider prefix is a key (<c>openai/gpt-4o</c> priced as <c>gpt-4o</c>).</summary>
    ProviderStripped = 3,

    /// <summary>A dated release matched its undated alias, or an alias (<c>-latest</c> or undated) its newest dated release.</summary>
    Release = 4,

    /// <summary>The model is a deployment name mapped to a base model (the Azure <c>base_model</c> pattern).</summary>
    Deployment = 5,
}
