using UsageAnalytics.Analytics;

namespace UsageAnalytics.Export.Internal;

/// <summary>The running totals of one FOCUS row: exact money sums and counts.</summary>
internal sealed class FocusMeterTotals
{
    /// <summary>The billed (= effective = contracted) cost apportioned to this meter.</summary>
    public MoneySum Billed;

    /// <summary>The list cost of this meter.</summary>
    public MoneySum List;

    /// <summary>The consumed (= pricing) quantity: tokens, or requests for the requests meter.</summary>
    public long Quantity;

    /// <summary>The records that contributed to this meter.</summary>
    public long Requests;

    /// <summary>The contributing records that carry an actual cost.</summary>
    public long ActualizedRequests;

    /// <summary>The exact <see cref="Billed"/> total, set by <see cref="Complete"/>.</summary>
    public decimal BilledTotal;

    /// <summary>The exact <see cref="List"/> total, set by <see cref="Complete"/>.</summary>
    public decimal ListTotal;

    /// <summary>Computes the totals once all records are in.</summary>
    /// <exception cref="OverflowException">A total is beyond the <see cref="decimal"/> range.</exception>
    public void Complete()
    {
        BilledTotal = Billed.Total;
        ListTotal = List.Total;
    }
}
