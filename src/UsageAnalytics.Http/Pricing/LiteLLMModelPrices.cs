using System.Text;

namespace UsageAnalytics.Pricing;

/// <summary>
/// The prices of a LiteLLM proxy's deployments, read from its model info (<c>GET /model/info</c>): the prices the proxy
/// bills with, keyed by the public model names callers send (<c>model_name</c>), and, for model names the proxy lists
/// without prices, the base model they resolve to in a catalog. Immutable.
/// </summary>
/// <remarks>
/// <para>
/// LiteLLM answers <c>{"data": [{"model_name": "...", "litellm_params": {"model": "azure/my-deployment", ...},
/// "model_info": {"id": "...", "base_model": "azure/gpt-4o", "input_cost_per_token": 2.5e-06, ...}}, ...]}</c>, one
/// entry per deployment, its <c>model_info</c> merged by the proxy from the deployment's configuration and LiteLLM's
/// price map (LiteLLM's <c>model_management</c> and <c>custom_pricing</c> docs). Rules, in order:
/// </para>
/// <list type="bullet">
/// <item>A deployment's prices are every <c>*cost*</c> field of its <c>model_info</c> plus <c>tiered_pricing</c>, with the
/// same fields of its <c>litellm_params</c> laid over them (LiteLLM bills with a price set on the deployment's
/// <c>litellm_params</c> first); null fields count as absent. They are read by <see cref="PriceBook.Parse"/>, so they
/// follow the price-file rules exactly. Provider: <c>model_info.litellm_provider</c>, else
/// <c>litellm_params.custom_llm_provider</c>, else the prefix of <c>litellm_params.model</c>.</item>
/// <item>A model name with a priced deployment goes to <see cref="Prices"/>. Several deployments under one name
/// (LiteLLM load-balances between them) with different prices: the first listed is used and a warning names the model;
/// deployments of that name without prices are then ignored, with a warning.</item>
/// <item>A model name whose deployments have no price goes to <see cref="Deployments"/>, mapped to
/// <c>model_info.base_model</c>, else <c>litellm_params.model</c> (the first deployment's; different targets give a
/// warning), unless that is the model name itself.</item>
/// <item>Skipped, with a warning: an entry that is not an object, one without a <c>model_name</c>, and one whose prices
/// are malformed (a negative rate, an unreadable number; the price-file error names the field). Skipped silently:
/// wildcard routes (a <c>model_name</c> with <c>*</c>), which name no one model. Unknown fields are ignored.</item>
/// <item>Model names are compared ignoring case, as <see cref="PriceBook"/> looks them up.</item>
/// </list>
/// </remarks>
public sealed partial class LiteLLMModelPrices
{
    internal LiteLLMModelPrices(int deploymentCount, IReadOnlyList<ModelPrice> prices, IReadOnlyDictionary<string, string> deployments, IReadOnlyList<string> warnings)
    {
        DeploymentCount = deploymentCount;
        Prices = prices;
        Deployments = deployments;
        Warnings = warnings;
    }

    /// <summary>Gets how many entries the answer's <c>data</c> held (deployments, including skipped ones).</summary>
    public int DeploymentCount { get; }

    /// <summary>
    /// Gets the prices of the model names the proxy prices, one per model name (<see cref="ModelPrice.Id"/> is the
    /// <c>model_name</c>), in the order the proxy lists them; rates in USD per unit as LiteLLM states them. Never null.
    /// </summary>
    public IReadOnlyList<ModelPrice> Prices { get; }

    /// <summary>
    /// Gets the model names the proxy lists without prices, each mapped to the model a catalog prices it as
    /// (<c>model_info.base_model</c>, else <c>litellm_params.model</c>); keys compare ignoring case. Never null.
    /// </summary>
    public IReadOnlyDictionary<string, string> Deployments { get; }

    /// <summary>
    /// Gets what was skipped or chosen and why (duplicates with different prices, malformed entries), one sentence each,
    /// safe to log (shortened, escaped). Never null; empty when nothing needed saying.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Reads LiteLLM's model-info answer.</summary>
    /// <param name="json">The answer's text: <c>{"data": [...]}</c> (a bare array is read as <c>data</c>).</param>
    /// <returns>The prices and deployment names; entries that cannot be used are skipped with a warning.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="PriceBookFormatException">
    /// The text is not JSON, or not a model-info answer (neither an object with a <c>data</c> array or null, nor an array).
    /// </exception>
    public static LiteLLMModelPrices Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads LiteLLM's model-info answer from UTF-8 bytes; see <see cref="Parse(string)"/>.</summary>
    /// <param name="utf8Json">The answer's UTF-8 bytes.</param>
    /// <returns>The prices and deployment names; entries that cannot be used are skipped with a warning.</returns>
    /// <exception cref="PriceBookFormatException">The bytes are not JSON, or not a model-info answer.</exception>
    public static LiteLLMModelPrices Parse(ReadOnlyMemory<byte> utf8Json) => ModelInfoReader.Read(utf8Json);

    /// <summary>
    /// Makes a price book of the proxy's prices alone: <see cref="Prices"/>, with <see cref="Deployments"/> mapped (to
    /// models this book does not hold, so rows of those model names come out unpriced).
    /// </summary>
    /// <returns>A new price book.</returns>
    public PriceBook ToPriceBook() => PriceBook.Create(Prices).WithDeployments(Deployments);

    /// <summary>
    /// Lays the proxy's prices over a catalog: <see cref="Prices"/> replace the catalog's entries of the same model names
    /// (<see cref="PriceBook.WithPrices"/>), and <see cref="Deployments"/> resolve to the catalog's base-model entries
    /// (<see cref="PriceBook.WithDeployments"/>).
    /// </summary>
    /// <param name="catalog">A price book, usually LiteLLM's price file.</param>
    /// <returns>A new price book; <paramref name="catalog"/> is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is <see langword="null"/>.</exception>
    public PriceBook ApplyTo(PriceBook catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.WithPrices(Prices).WithDeployments(Deployments);
    }
}
