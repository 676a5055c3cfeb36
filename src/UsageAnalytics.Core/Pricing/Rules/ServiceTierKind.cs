namespace UsageAnalytics.Pricing.Rules;

/// <summary>The service tier a record was served at, as LiteLLM maps it to a rate-key suffix.</summary>
internal enum ServiceTierKind
{
    /// <summary>No suffix: the base keys (<c>default</c>, <c>auto</c>, <c>standard</c>, none, or a tier LiteLLM does not know).</summary>
    Standard = 0,

    /// <summary>The <c>_flex</c> keys.</summary>
    Flex = 1,

    /// <summary>The <c>_priority</c> keys (also for <c>fast</c>, as LiteLLM's <c>_SERVICE_TIER_TO_COST_KEY_SUFFIX</c> maps it).</summary>
    Priority = 2,

    /// <summary>The <c>_ultrafast</c> keys.</summary>
    Ultrafast = 3,

    /// <summary>A batch job: LiteLLM's <c>batch_cost_calculator</c>, not the token rules.</summary>
    Batch = 4,
}
