using UsageAnalytics.Export.Internal;

namespace UsageAnalytics.Export;

/// <content>The statement as CSV.</content>
public sealed partial record ChargebackStatement
{
    /// <summary>The CSV header of <see cref="WriteCsv(TextWriter)"/>, in order.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "RowType", "AccountKey", "AccountLabel", "Model", "Requests", "ActualizedRequests", "InputTokens", "OutputTokens",
        "Amount", "ExactAmount", "Currency", "PeriodStart", "PeriodEnd",
    ];

    /// <summary>
    /// Writes the statement as CSV: the header (<see cref="CsvColumns"/>), then for each account in order its line rows
    /// (<c>RowType</c> = <c>line</c>) and its subtotal row (<c>account</c>, <c>Model</c> empty), then one grand total row
    /// (<c>total</c>, account and model empty).
    /// </summary>
    /// <param name="writer">The output; written to, not flushed or closed.</param>
    /// <remarks>
    /// <c>AccountKey</c> is empty for the records without a value and <c>AccountLabel</c> is then <c>(none)</c>;
    /// <c>Model</c> is empty for records without a model. <c>Amount</c> has exactly
    /// <see cref="ChargebackOptions.DecimalPlaces"/> decimals; <c>ExactAmount</c> is the unrounded sum as stored.
    /// <c>PeriodStart</c> and <c>PeriodEnd</c> are ISO 8601 UTC. RFC 4180 with CRLF rows, invariant culture, OWASP
    /// CSV-injection neutralising of text cells (a key or model starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or
    /// CR is prefixed with a quote, and so is a formula after a <c>,</c> or <c>;</c> inside the text, as
    /// <see cref="UsageCsvWriter"/> describes); amounts, negative ones included, are written as numbers.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var csv = new CsvCellWriter(writer);
        foreach (var column in CsvColumns)
        {
            csv.Text(column);
        }

        csv.EndRow();
        long requests = 0, actualized = 0, input = 0, output = 0;
        foreach (var account in Accounts)
        {
            foreach (var line in account.Lines)
            {
                WriteRow(csv, "line", account.Key, account.Label, line.Model, line.Requests, line.ActualizedRequests, line.InputTokens, line.OutputTokens, line.Amount, line.ExactAmount);
            }

            WriteRow(csv, "account", account.Key, account.Label, null, account.Requests, account.ActualizedRequests, account.InputTokens, account.OutputTokens, account.Amount, account.ExactAmount);
            requests += account.Requests;
            actualized += account.ActualizedRequests;
            input += account.InputTokens;
            output += account.OutputTokens;
        }

        WriteRow(csv, "total", null, null, null, requests, actualized, input, output, Total, ExactTotal);
    }

    private void WriteRow(
        CsvCellWriter csv,
        string rowType,
        string? key,
        string? label,
        string? model,
        long requests,
        long actualized,
        long input,
        long output,
        decimal amount,
        decimal exact)
    {
        csv.Text(rowType);
        csv.Text(key);
        csv.Text(label);
        csv.Text(model);
        csv.Number(requests);
        csv.Number(actualized);
        csv.Number(input);
        csv.Number(output);
        csv.Number(ChargebackRounding.WithScale(amount, Options.DecimalPlaces));
        csv.Number(exact);
        csv.Text(Options.Currency.ToUpperInvariant());
        csv.Timestamp(Options.PeriodStart);
        csv.Timestamp(Options.PeriodEnd);
        csv.EndRow();
    }
}
