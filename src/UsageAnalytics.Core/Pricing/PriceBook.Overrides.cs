using System.Text;
using UsageAnalytics.Pricing.Catalog;

namespace UsageAnalytics.Pricing;

/// <summary>Overrides as data: custom and effective-dated prices, adjustments and deployments.</summary>
public sealed partial class PriceBook
{
    /// <summary>
    /// Returns a price book with custom or effective-dated prices added. A price without
    /// <see cref="ModelPrice.EffectiveFrom"/> replaces the model's undated price (or adds a model, such as a private
    /// deployment); a price with one adds a version that applies to records whose timestamp is at or after it, until the
    /// next version (replacing a version with the same date). A record is priced with the version of the latest effective
    /// date at or before its timestamp, and with the undated price before every dated one.
    /// </summary>
    /// <param name="prices">The prices. Ids match the book's ignoring case.</param>
    /// <returns>A new price book; this one is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prices"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">A price is invalid (see <see cref="Create(IEnumerable{ModelPrice})"/>), or two of
    /// them have the same id and effective date.</exception>
    public PriceBook WithPrices(IEnumerable<ModelPrice> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var slots = new List<ModelSlot>(_slots);
        var exact = new Dictionary<string, int>(StringComparer.Ordinal);
        var folded = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < slots.Count; i++)
        {
            exact[slots[i].Id] = i;
            folded.TryAdd(slots[i].Id, i);
        }

        var added = new HashSet<(string, DateTimeOffset?)>();
        foreach (var price in prices)
        {
            var compiled = Compile(price, nameof(prices));
            if (!added.Add((price.Id.ToUpperInvariant(), price.EffectiveFrom)))
            {
                throw new ArgumentException($"The prices repeat '{price.Id}' with the same effective date.", nameof(prices));
            }

            if (exact.TryGetValue(price.Id, out var at) || folded.TryGetValue(price.Id, out at))
            {
                slots[at] = slots[at].With(compiled);
            }
            else
            {
                exact[price.Id] = folded[price.Id] = slots.Count;
                slots.Add(new ModelSlot(price.Id, null, []).With(compiled));
            }
        }

        return new PriceBook([.. slots], _deployments, _adjustments);
    }

    /// <summary>
    /// Returns a price book with discounts or markups added to those it has. An adjustment covers a record as
    /// <see cref="PriceAdjustment"/> describes; every covering adjustment applies and their multipliers multiply into
    /// <see cref="PriceEstimate.Multiplier"/>.
    /// </summary>
    /// <param name="adjustments">The adjustments.</param>
    /// <returns>A new price book; this one is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="adjustments"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A multiplier is negative.</exception>
    /// <exception cref="ArgumentException">An adjustment's <see cref="PriceAdjustment.EffectiveUntil"/> is not after its
    /// <see cref="PriceAdjustment.EffectiveFrom"/>, or its provider or model is blank (use null for "every").</exception>
    public PriceBook WithAdjustments(IEnumerable<PriceAdjustment> adjustments)
    {
        ArgumentNullException.ThrowIfNull(adjustments);
        var all = new List<PriceAdjustment>(_adjustments);
        foreach (var adjustment in adjustments)
        {
            if (adjustment is null)
            {
                throw new ArgumentNullException(nameof(adjustments), "An adjustment is null.");
            }

            if (adjustment.Multiplier < 0m)
            {
                throw new ArgumentOutOfRangeException(nameof(adjustments), adjustment.Multiplier, "An adjustment's multiplier is negative.");
            }

            if (adjustment.EffectiveFrom is { } from && adjustment.EffectiveUntil is { } until && from >= until)
            {
                throw new ArgumentException("An adjustment's EffectiveUntil is not after its EffectiveFrom.", nameof(adjustments));
            }

            if ((adjustment.Provider is not null && string.IsNullOrWhiteSpace(adjustment.Provider))
                || (adjustment.Model is not null && string.IsNullOrWhiteSpace(adjustment.Model)))
            {
                throw new ArgumentException("An adjustment has a blank provider or model; use null to cover every one.", nameof(adjustments));
            }

            all.Add(adjustment);
        }

        return new PriceBook(_slots, _deployments, [.. all]);
    }

    /// <summary>
    /// Returns a price book with deployment names mapped to base models (the Azure <c>base_model</c> pattern): a record
    /// whose model is a deployment name (as written, or after its provider prefix) is priced with the base model's entry,
    /// found by the usual lookup rules with the record's provider, and <see cref="PriceMatch.Deployment"/>. A deployment
    /// whose base model is not in the book gives <see cref="PriceStatus.UnknownModel"/>.
    /// </summary>
    /// <param name="deploymentToBaseModel">Deployment name → base model (for example <c>my-gpt</c> → <c>azure/gpt-4o</c>);
    /// names ignore case, and a name already mapped is remapped.</param>
    /// <returns>A new price book; this one is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="deploymentToBaseModel"/> is null.</exception>
    /// <exception cref="ArgumentException">A name or base model is blank.</exception>
    public PriceBook WithDeployments(IReadOnlyDictionary<string, string> deploymentToBaseModel)
    {
        ArgumentNullException.ThrowIfNull(deploymentToBaseModel);
        var all = new Dictionary<string, string>(_deployments, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, baseModel) in deploymentToBaseModel)
        {
            if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(baseModel))
            {
                throw new ArgumentException("A deployment name or base model is blank.", nameof(deploymentToBaseModel));
            }

            all[name.Trim()] = baseModel.Trim();
        }

        return new PriceBook(_slots, all, _adjustments);
    }

    /// <summary>Returns a price book with the prices, adjustments and deployments of a price-override document applied.</summary>
    /// <param name="json">The document (every section optional):
    /// <code>
    /// {
    ///   "prices": {
    ///     "my-llama": { "input_cost_per_token": 1e-7, "output_cost_per_token": 2e-7, "litellm_provider": "openai" },
    ///     "gpt-4o": [ { "input_cost_per_token": 2e-6, "output_cost_per_token": 8e-6, "effective_from": "2026-01-01T00:00:00Z" } ]
    ///   },
    ///   "adjustments": [ { "provider": "openai", "model": null, "multiplier": 0.9,
    ///                      "effective_from": "2026-01-01T00:00:00Z", "effective_until": null } ],
    ///   "deployments": { "my-gpt": "azure/gpt-4o" }
    /// }
    /// </code>
    /// A price is an entry in LiteLLM's price-file format (read as <see cref="Parse(string)"/> reads one) plus an optional
    /// <c>effective_from</c>, or an array of such entries; it applies as <see cref="WithPrices(IEnumerable{ModelPrice})"/>.
    /// An adjustment has a <c>multiplier</c> (≥ 0) and optional <c>provider</c>, <c>model</c>, <c>effective_from</c>
    /// (inclusive) and <c>effective_until</c> (exclusive) and applies as <see cref="WithAdjustments(IEnumerable{PriceAdjustment})"/>;
    /// deployments apply as <see cref="WithDeployments(IReadOnlyDictionary{string, string})"/>. Instants are ISO 8601; one
    /// without an offset is UTC.</param>
    /// <returns>A new price book; this one is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="PriceBookFormatException">The document is not valid JSON, has an unknown section or adjustment
    /// field, or a bad value; the message names the entry and the field.</exception>
    public PriceBook WithOverrides(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var overrides = PriceOverridesReader.Read(Encoding.UTF8.GetBytes(json));
        var book = this;
        if (overrides.Prices.Count > 0)
        {
            book = book.WithPrices(overrides.Prices);
        }

        if (overrides.Adjustments.Count > 0)
        {
            book = book.WithAdjustments(overrides.Adjustments);
        }

        return overrides.Deployments.Count > 0 ? book.WithDeployments(overrides.Deployments) : book;
    }
}
