namespace UsageAnalytics.Pricing;

/// <summary>The outcome of pricing one usage record with a <see cref="PriceBook"/>.</summary>
public enum PriceStatus
{
    /// <summary>The record was priced: <see cref="PriceEstimate.Cost"/> is the estimate (which can be 0 for a free model).</summary>
    Priced = 0,

    /// <summary>The record names no model the price book knows, under any of its lookup rules.</summary>
    UnknownModel = 1,

    /// <summary>The record has no model at all (<see cref="Records.UsageRecord.Model"/> is null or blank).</summary>
    NoModel = 2,

    /// <summary>
    /// The model is known, but its entry has no rate for what the record used (for example an image model with only
    /// per-image prices for a row that carries tokens, or a per-second model for a row without
    /// <see cref="Records.UsageRecord.AudioDurationSeconds"/>), or no price of the model is in force at the record's
    /// timestamp (a model priced only from a later <see cref="ModelPrice.EffectiveFrom"/>): pricing it would be a silent zero.
    /// </summary>
    NoApplicableRate = 3,
}
