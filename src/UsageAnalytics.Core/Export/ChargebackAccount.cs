using UsageAnalytics.Analytics;

namespace UsageAnalytics.Export;

/// <summary>One account of a <see cref="ChargebackStatement"/>: one value of the chosen dimension, with a line per model.</summary>
/// <remarks>Amounts are in <see cref="ChargebackOptions.Currency"/>.</remarks>
public sealed record ChargebackAccount
{
    /// <summary>Gets the dimension value charged, or <see langword="null"/> for the records without one.</summary>
    public string? Key { get; init; }

    /// <summary>Gets <see cref="Key"/>, or <see cref="UsageGroup.NoneLabel"/> (<c>(none)</c>) for the records without a value.</summary>
    public string Label => Key ?? UsageGroup.NoneLabel;

    /// <summary>Gets the line items, one per model, sorted by <see cref="ChargebackLine.Amount"/> descending, then model
    /// (ordinal, no model first). Never null.</summary>
    public IReadOnlyList<ChargebackLine> Lines { get; init; } = [];

    /// <summary>
    /// Gets the amount charged, rounded to <see cref="ChargebackOptions.DecimalPlaces"/>: the exact amount rounded, plus
    /// the statement's rounding residue when this is the largest account (see <see cref="ChargebackStatement.RoundingRule"/>).
    /// Equals the sum of <see cref="Lines"/>' amounts exactly.
    /// </summary>
    public decimal Amount { get; init; }

    /// <summary>Gets the exact sum of the account's records' effective cost, unrounded.</summary>
    public decimal ExactAmount { get; init; }

    /// <summary>Gets the number of records (requests).</summary>
    public long Requests { get; init; }

    /// <summary>Gets the number of records with an actual cost.</summary>
    public long ActualizedRequests { get; init; }

    /// <summary>Gets the prompt (input) tokens, cached tokens included.</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the completion (output) tokens, reasoning tokens included.</summary>
    public long OutputTokens { get; init; }
}
