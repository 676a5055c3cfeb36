namespace UsageAnalytics.Pricing;

/// <summary>Running sums behind one <see cref="ReconciliationFigures"/>; a few fields, whatever the number of rows.</summary>
internal sealed class FiguresBuilder
{
    private long _rows;
    private decimal _estimated;
    private decimal _actual;
    private long _outside;
    private decimal _tokenEffect;
    private decimal _priceEffect;
    private decimal _unattributed;
    private long _unattributedRows;

    /// <summary>Adds a compared row; throws <see cref="OverflowException"/> when a sum leaves the decimal range.</summary>
    public void Add(ReconciliationRow row)
    {
        _rows++;
        _estimated += row.Estimated;
        _actual += row.Actual;
        if (row.IsOutsideTolerance)
        {
            _outside++;
        }

        if (row.TokenEffect is { } tokenEffect && row.PriceEffect is { } priceEffect)
        {
            _tokenEffect += tokenEffect;
            _priceEffect += priceEffect;
        }
        else
        {
            _unattributed += row.Difference;
            _unattributedRows++;
        }
    }

    public ReconciliationFigures ToFigures() => new()
    {
        Rows = _rows,
        Estimated = _estimated,
        Actual = _actual,
        Difference = _actual - _estimated,
        Ratio = RowRules.Ratio(_actual, _estimated),
        OutsideToleranceRows = _outside,
        TokenEffect = _tokenEffect,
        PriceEffect = _priceEffect,
        UnattributedDifference = _unattributed,
        UnattributedRows = _unattributedRows,
    };
}
