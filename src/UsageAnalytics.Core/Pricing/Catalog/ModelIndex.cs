using System.Collections.Concurrent;
using UsageAnalytics.Pricing.Rules;

namespace UsageAnalytics.Pricing.Catalog;

/// <summary>
/// Finds the price-book entry of a record's provider and model, in this order: a deployment mapped to a base model,
/// <c>{provider}/{model}</c>, the model as written, the model without its provider prefix, then the release rules
/// (a dated release → its undated alias; an undated name or <c>-latest</c> alias → the newest dated release). Names
/// compare ignoring case (an exact-case key wins over another spelling). Results are cached per (provider, model) in
/// the instance, up to <see cref="CacheLimit"/> distinct pairs; past that, names are resolved on every call.
/// </summary>
internal sealed class ModelIndex
{
    /// <summary>The number of distinct (provider, model) pairs whose resolution is cached.</summary>
    public const int CacheLimit = 100_000;

    private readonly Dictionary<string, ModelSlot> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelSlot> _folded = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (int Date, ModelSlot Slot)> _newestRelease = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _deployments;
    private readonly PriceAdjustment[] _adjustments;
    private readonly ConcurrentDictionary<(string? Provider, string Model), Resolution> _cache = new();
    private int _cached;

    public ModelIndex(IReadOnlyList<ModelSlot> slots, Dictionary<string, string> deployments, PriceAdjustment[] adjustments)
    {
        _deployments = deployments;
        _adjustments = adjustments;
        foreach (var slot in slots)
        {
            _exact[slot.Id] = slot;
            _folded.TryAdd(slot.Id, slot);
            foreach (var price in slot.All)
            {
                if (!string.IsNullOrWhiteSpace(price.Source.Provider))
                {
                    _providers.Add(price.Source.Provider.Trim());
                }
            }

            if (ReleaseNames.TryStripDate(slot.Id, out var alias, out var date)
                && (!_newestRelease.TryGetValue(alias, out var newest) || date > newest.Date))
            {
                _newestRelease[alias] = (date, slot);
            }
        }
    }

    /// <summary>Gets the number of cached resolutions.</summary>
    public int CachedCount => Volatile.Read(ref _cached);

    /// <summary>Resolves a record's provider and model (cached).</summary>
    public Resolution Resolve(string? provider, string model)
    {
        var key = (provider, model);
        if (_cache.TryGetValue(key, out var resolution))
        {
            return resolution;
        }

        resolution = ResolveUncached(provider, model);
        if (Volatile.Read(ref _cached) < CacheLimit && _cache.TryAdd(key, resolution))
        {
            Interlocked.Increment(ref _cached);
        }

        return resolution;
    }

    private Resolution ResolveUncached(string? provider, string model)
    {
        var trimmedProvider = string.IsNullOrWhiteSpace(provider) ? null : provider.Trim();
        var name = model.Trim();
        if (name.Length == 0)
        {
            return Resolution.None;
        }

        if (_deployments.Count > 0
            && (_deployments.TryGetValue(name, out var baseModel)
                || (Strip(name, trimmedProvider) is { } strippedName && _deployments.TryGetValue(strippedName, out baseModel))))
        {
            var (baseSlot, _) = Find(trimmedProvider, baseModel.Trim());
            return Make(baseSlot, PriceMatch.Deployment, name, provider);
        }

        var (slot, match) = Find(trimmedProvider, name);
        return Make(slot, match, name, provider);
    }

    private (ModelSlot? Slot, PriceMatch Match) Find(string? provider, string name)
    {
        if (provider is not null && Get($"{provider}/{name}") is { } prefixed)
        {
            return (prefixed, PriceMatch.ProviderPrefixed);
        }

        if (Get(name) is { } exact)
        {
            return (exact, PriceMatch.Exact);
        }

        var stripped = Strip(name, provider);
        if (stripped is not null && Get(stripped) is { } withoutPrefix)
        {
            return (withoutPrefix, PriceMatch.ProviderStripped);
        }

        var release = FindRelease(provider, name) ?? (stripped is null ? null : FindRelease(provider, stripped));
        return release is null ? (null, PriceMatch.None) : (release, PriceMatch.Release);
    }

    private ModelSlot? FindRelease(string? provider, string name)
    {
        if (ReleaseNames.TryStripDate(name, out var alias, out _))
        {
            return GetWithProvider(provider, alias);
        }

        if (ReleaseNames.TryStripLatest(name, out var baseName))
        {
            if (GetWithProvider(provider, baseName) is { } undated)
            {
                return undated;
            }

            name = baseName;
        }

        if (provider is not null && _newestRelease.TryGetValue($"{provider}/{name}", out var prefixed))
        {
            return prefixed.Slot;
        }

        return _newestRelease.TryGetValue(name, out var newest) ? newest.Slot : null;
    }

    private ModelSlot? GetWithProvider(string? provider, string name) =>
        (provider is null ? null : Get($"{provider}/{name}")) ?? Get(name);

    private ModelSlot? Get(string name) =>
        _exact.TryGetValue(name, out var slot) || _folded.TryGetValue(name, out slot) ? slot : null;

    // The text after the first '/', when the prefix is a provider of the book or the record's own provider.
    private string? Strip(string name, string? provider)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == name.Length - 1)
        {
            return null;
        }

        var prefix = name[..slash];
        return _providers.Contains(prefix) || string.Equals(prefix, provider, StringComparison.OrdinalIgnoreCase)
            ? name[(slash + 1)..]
            : null;
    }

    private Resolution Make(ModelSlot? slot, PriceMatch match, string model, string? provider)
    {
        if (slot is null)
        {
            return Resolution.None;
        }

        var adjustments = _adjustments.Length == 0
            ? _adjustments
            : Array.FindAll(_adjustments, a => a.Model is null
                || string.Equals(a.Model, model, StringComparison.OrdinalIgnoreCase)
                || string.Equals(a.Model, slot.Id, StringComparison.OrdinalIgnoreCase));
        return new Resolution(slot, match, adjustments)
        {
            RecordProvider = ProviderRules.KindOf(provider),
            UndatedProviderMatches = ProviderRules.Matches(slot.Undated?.Source.Provider, provider),
        };
    }
}
