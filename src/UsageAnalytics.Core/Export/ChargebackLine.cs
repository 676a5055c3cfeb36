namespace UsageAnalytics.Export;

/// <summary>One line item of a <see cref="ChargebackAccount"/>: the account's spend on one model in the period.</summary>
/// <remarks>Amounts are in <see cref="ChargebackOptions.Currency"/>; the spend of a record is its effective cost (actual
/// when known, else estimated).</remarks>
public sealed record ChargebackLine
{
    /// <summary>Gets the model, or <see langword="null"/> for the records without one.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// Gets the amount charged, rounded to <see cref="ChargebackOptions.DecimalPlaces"/>: the exact amount rounded,
    /// plus the account's rounding residue when this is the account's largest line (see
    /// <see cref="ChargebackStatement.RoundingRule"/>). The lines of an account add up exactly to its amount.
    /// </summary>
    public decimal Amount { get; init; }

    /// <summary>Gets the exact sum of the records' effective cost, unrounded.</summary>
    public decimal ExactAmount { get; init; }

    /// <summary>Gets the number of records (requests).</summary>
    public long Requests { get; init; }

    /// <summary>Gets the number of records with an actual cost (the rest are charged at their estimate).</summary>
    public long ActualizedRequests { get; init; }

    /// <summary>Gets the prompt (input) tokens, cached tokens included.</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the completion (output) tokens, reasoning tokens included.</summary>
    public long OutputTokens { get; init; }
}
