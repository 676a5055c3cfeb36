using UsageAnalytics.Pricing.Rules;

namespace UsageAnalytics.Pricing.Catalog;

/// <summary>
/// Every price a price book holds for one model id: the undated one (a price file's entry or a custom price) and the
/// effective-dated versions, oldest first. Immutable.
/// </summary>
internal sealed class ModelSlot
{
    private readonly CompiledPrice[] _dated;

    public ModelSlot(string id, CompiledPrice? undated, CompiledPrice[] datedOldestFirst)
    {
        Id = id;
        Undated = undated;
        _dated = datedOldestFirst;
    }

    /// <summary>Gets the model id as the price book spells it.</summary>
    public string Id { get; }

    /// <summary>Gets the price with no effective date, if any.</summary>
    public CompiledPrice? Undated { get; }

    /// <summary>Gets the effective-dated prices, oldest first.</summary>
    public IReadOnlyList<CompiledPrice> Dated => _dated;

    /// <summary>Gets the price that applies from the latest change on: the newest dated price, else the undated one.</summary>
    public CompiledPrice? Latest => _dated.Length > 0 ? _dated[^1] : Undated;

    /// <summary>Gets every price of the slot, the undated one first.</summary>
    public IEnumerable<CompiledPrice> All => Undated is null ? _dated : _dated.Prepend(Undated);

    /// <summary>
    /// Gets the price in force at an instant: the dated price with the latest effective date at or before it, else the
    /// undated price; null when the instant precedes every dated price and there is no undated one.
    /// </summary>
    public CompiledPrice? At(DateTimeOffset instant)
    {
        for (var i = _dated.Length - 1; i >= 0; i--)
        {
            if (_dated[i].Source.EffectiveFrom <= instant)
            {
                return _dated[i];
            }
        }

        return Undated;
    }

    /// <summary>Returns a slot with a price added, replacing the one with the same effective date.</summary>
    public ModelSlot With(CompiledPrice price)
    {
        var from = price.Source.EffectiveFrom;
        if (from is null)
        {
            return new ModelSlot(Id, price, _dated);
        }

        var dated = _dated.Where(p => p.Source.EffectiveFrom != from).Append(price).OrderBy(p => p.Source.EffectiveFrom).ToArray();
        return new ModelSlot(Id, Undated, dated);
    }
}

/// <summary>What a record's provider and model resolved to, with the adjustments that may cover it.</summary>
/// <param name="Slot">The matched model, or null when none matched.</param>
/// <param name="Match">How it matched.</param>
/// <param name="Adjustments">The adjustments whose model condition the record meets (their provider and time are checked per record).</param>
internal sealed record Resolution(ModelSlot? Slot, PriceMatch Match, PriceAdjustment[] Adjustments)
{
    /// <summary>No match.</summary>
    public static Resolution None { get; } = new(null, PriceMatch.None, []);

    /// <summary>Gets the provider rules the record's provider names (resolved once per provider and model).</summary>
    public ProviderKind RecordProvider { get; init; }

    /// <summary>Gets whether LiteLLM would use the slot's undated entry for the record's provider (<see cref="ProviderRules.Matches"/>).</summary>
    public bool UndatedProviderMatches { get; init; } = true;
}
