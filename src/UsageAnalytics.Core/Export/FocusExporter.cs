using System.Text;
using UsageAnalytics.Analytics;
using UsageAnalytics.Export.Internal;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>
/// Writes usage as a FOCUS 1.2 cost and usage dataset (FinOps Open Cost and Usage Specification, focus.finops.org) in
/// CSV: one row per (UTC charge period, provider, model, team, service, tags, meter), the meters being input, cached
/// input, cache write and output tokens.
/// </summary>
/// <remarks>
/// <para><b>Rows.</b> Records are aggregated before anything is written, so memory grows with the number of distinct
/// rows (charge periods × keys × meters), never with the number of records; rows are then written sorted by
/// <c>ChargePeriodStart</c>, provider, model, team, service and tags (ordinal, empty first) and meter, so the same input
/// always gives the same bytes. A meter is written when it has tokens or money: input = prompt tokens neither read from
/// nor written to the cache, cached input = <see cref="UsageRecord.CachedPromptTokens"/>, cache write =
/// <see cref="UsageRecord.CacheWriteTokens"/>, output = <see cref="UsageRecord.CompletionTokens"/> (reasoning included).
/// A record without tokens is one request on the <c>Requests</c> meter, so no cost is lost.</para>
/// <para><b>Money</b> (in <see cref="FocusExportOptions.Currency"/>). <c>BilledCost</c> is the records'
/// <see cref="UsageRecord.EffectiveCost"/> (actual when known, else estimated). When the price book prices a record, its
/// cost is apportioned to its meters in proportion to the list cost parts (<see cref="Pricing.PriceEstimate.InputCost"/>,
/// <c>CacheReadCost</c>, <c>CacheWriteCost</c>, <c>OutputCost</c> + <c>ReasoningCost</c>; <c>AudioCost</c>, priced per
/// second or character, goes to the <c>Requests</c> meter), each share rounded to 18 decimal places and the residue put
/// on the largest part: the <c>BilledCost</c> of every group and of the whole export adds up exactly to the records'
/// effective cost. Otherwise (no price book, unpriced model, list price 0 for a record that cost something) the whole
/// cost goes to one <c>Tokens</c> meter (all the record's tokens) or <c>Requests</c> meter: never a made-up split.
/// <c>ListCost</c> is the price book's list cost when priced, else the record's <see cref="UsageRecord.EstimatedCost"/>.
/// <c>EffectiveCost</c> and <c>ContractedCost</c> equal <c>BilledCost</c>: there are no amortised commitments or
/// negotiated rates here. <c>ListUnitPrice</c> is not written: a row aggregates tokens billed at different rates (tiers,
/// thresholds, service tiers), so no single unit price times the quantity gives <c>ListCost</c> exactly, as FOCUS
/// requires.</para>
/// <para><b>Fixed values.</b> <c>ChargeCategory</c> = <c>Usage</c>; <c>ChargeClass</c> empty (not a correction);
/// <c>ChargeFrequency</c> = <c>Usage-Based</c>; <c>ServiceCategory</c> = <c>AI and Machine Learning</c>;
/// <c>ServiceSubcategory</c> = <c>Generative AI</c>; <c>ConsumedUnit</c> = <c>PricingUnit</c> = <c>Tokens</c> or
/// <c>Requests</c> (FOCUS UnitFormat); <c>PricingQuantity</c> = <c>ConsumedQuantity</c>.</para>
/// <para><b>From the record.</b> <c>ProviderName</c> and <c>PublisherName</c> = <see cref="UsageRecord.Provider"/>
/// (FOCUS: who makes the service available; else <see cref="FocusExportOptions.DefaultProviderName"/>);
/// <c>InvoiceIssuerName</c> = <see cref="FocusExportOptions.InvoiceIssuerName"/> or the provider; <c>ServiceName</c> =
/// <see cref="UsageRecord.Service"/> or <see cref="FocusExportOptions.DefaultServiceName"/>; <c>ResourceId</c> and
/// <c>ResourceName</c> = <see cref="UsageRecord.Model"/>; <c>SubAccountId</c> and <c>SubAccountName</c> =
/// <see cref="UsageRecord.TeamId"/> (empty when none); <c>SkuId</c> = <c>provider/model/meter</c>; <c>SkuMeter</c> =
/// <c>Input Tokens</c>, <c>Cached Input Tokens</c>, <c>Cache Write Tokens</c>, <c>Output Tokens</c>, <c>Tokens</c> or
/// <c>Requests</c>; <c>ChargeDescription</c> = model and meter; <c>Tags</c> = a JSON object of
/// <see cref="UsageRecord.Dimensions"/> and <see cref="UsageRecord.Tags"/> (<c>key:value</c> → <c>"key":"value"</c>, a
/// tag without value → <c>"tag":true</c> as FOCUS asks; keys sorted, unique), empty when there are none.</para>
/// <para><b>Periods</b> are UTC (FOCUS DateTimeFormat, <c>yyyy-MM-ddTHH:mm:ssZ</c>): charge periods are UTC hours or
/// days [start, end), the billing period is the UTC calendar month containing the charge period. The one exception is the
/// end of year 9999, 10000-01-01T00:00:00Z, which no <see cref="DateTimeOffset"/> can hold: the last charge period and the
/// December billing period of year 9999 end at <see cref="DateTimeOffset.MaxValue"/>,
/// <c>9999-12-31T23:59:59.9999999Z</c>.</para>
/// <para><b>Validation.</b> Records are all read and checked before anything is written, so an error leaves the output
/// untouched. A cost beyond ±10¹⁵ is refused (<see cref="ArgumentException"/>, as the engine refuses it); negative costs
/// (credits, refunds) are exported. Token counts are not refused: a record with a negative count or with
/// <see cref="UsageRecord.CachedPromptTokens"/> + <see cref="UsageRecord.CacheWriteTokens"/> over
/// <see cref="UsageRecord.PromptTokens"/> is written with the counts made consistent and counted in
/// <see cref="FocusExportResult.InconsistentTokenRecords"/>; its cost is exported in full.</para>
/// <para><b>Custom columns</b> (FOCUS: <c>x_</c> prefix, after the FOCUS columns): <c>x_RequestCount</c>, the records
/// that contributed to the row (a record with several meters counts on each), and <c>x_ActualizedRequestCount</c>, those
/// of them with an actual cost.</para>
/// <para>CSV: RFC 4180 with CRLF rows, invariant culture, OWASP CSV-injection neutralising of text cells. The writer is
/// not flushed or closed: the caller owns it.</para>
/// </remarks>
public static class FocusExporter
{
    private const int ChunkSize = 32 * 1024;

    /// <summary>
    /// Gets the header row, in order: the 21 FOCUS 1.2 Mandatory columns (alphabetical), then the Conditional and
    /// Recommended columns this export fills (alphabetical), then the custom <c>x_</c> columns.
    /// </summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
        "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost",
        "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
        "ServiceCategory", "ServiceName",
        "ChargeFrequency", "ConsumedQuantity", "ConsumedUnit", "ResourceId", "ResourceName", "ServiceSubcategory", "SkuId",
        "SkuMeter", "SubAccountId", "SubAccountName", "Tags",
        "x_RequestCount", "x_ActualizedRequestCount",
    ];

    /// <summary>Writes the records as FOCUS CSV (header row first).</summary>
    /// <param name="records">The usage records; enumerated once.</param>
    /// <param name="writer">The output; written to, not flushed or closed.</param>
    /// <param name="options">The options, or null for the defaults (daily charge periods, USD, no price book).</param>
    /// <returns>What was read and written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/>, <paramref name="writer"/> or a record is null.</exception>
    /// <exception cref="ArgumentException">The options have a charge period other than hour or day, or a blank currency,
    /// billing account id, default provider name or default service name; or a record has an
    /// <see cref="UsageRecord.EstimatedCost"/> or <see cref="UsageRecord.ActualCost"/> beyond ±10¹⁵ (a corrupt value, the
    /// engine's bound), or the costs take a sum beyond the <see cref="decimal"/> range (the message names the record, its
    /// request id and timestamp, and the rule). Nothing is written then, not even the header.</exception>
    public static FocusExportResult Write(IEnumerable<UsageRecord> records, TextWriter writer, FocusExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(writer);
        options = Validate(options);
        var aggregator = new FocusAggregator(options);
        foreach (var record in records)
        {
            aggregator.Add(record);
        }

        var rows = aggregator.SortedRows();
        var csv = new CsvCellWriter(writer);
        FocusRowWriter.WriteHeader(csv);
        foreach (var (key, totals) in rows)
        {
            FocusRowWriter.WriteRow(csv, options, key, totals);
        }

        return Result(aggregator, rows.Count);
    }

    /// <summary>Writes the records of an asynchronous stream as FOCUS CSV (header row first), writing asynchronously.</summary>
    /// <param name="records">The usage records; enumerated once.</param>
    /// <param name="writer">The output; written to with <see cref="TextWriter.WriteAsync(StringBuilder?, CancellationToken)"/>
    /// in chunks of about 32 K characters, not flushed or closed.</param>
    /// <param name="options">The options, or null for the defaults (daily charge periods, USD, no price book).</param>
    /// <param name="cancellationToken">Cancels reading and writing.</param>
    /// <returns>What was read and written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/>, <paramref name="writer"/> or a record is null.</exception>
    /// <exception cref="ArgumentException">The options have a charge period other than hour or day, or a blank currency,
    /// billing account id, default provider name or default service name; or a record has an
    /// <see cref="UsageRecord.EstimatedCost"/> or <see cref="UsageRecord.ActualCost"/> beyond ±10¹⁵ (a corrupt value, the
    /// engine's bound), or the costs take a sum beyond the <see cref="decimal"/> range (the message names the record, its
    /// request id and timestamp, and the rule). Nothing is written then, not even the header.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<FocusExportResult> WriteAsync(
        IAsyncEnumerable<UsageRecord> records,
        TextWriter writer,
        FocusExportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(writer);
        options = Validate(options);
        var aggregator = new FocusAggregator(options);
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            aggregator.Add(record);
        }

        var rows = aggregator.SortedRows();
        var chunk = new StringBuilder(ChunkSize + 1024);
        using var chunkWriter = new StringWriter(chunk, System.Globalization.CultureInfo.InvariantCulture);
        var csv = new CsvCellWriter(chunkWriter);
        FocusRowWriter.WriteHeader(csv);
        foreach (var (key, totals) in rows)
        {
            FocusRowWriter.WriteRow(csv, options, key, totals);
            if (chunk.Length >= ChunkSize)
            {
                await writer.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                chunk.Clear();
            }
        }

        await writer.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        return Result(aggregator, rows.Count);
    }

    private static FocusExportOptions Validate(FocusExportOptions? options)
    {
        options ??= new FocusExportOptions();
        if (options.ChargePeriod is not (TimeBucketSize.Hour or TimeBucketSize.Day))
        {
            throw new ArgumentException("A FOCUS charge period is an hour or a day; got " + options.ChargePeriod + ".", nameof(options));
        }

        var blank = string.IsNullOrWhiteSpace(options.Currency) ? "Currency"
            : string.IsNullOrWhiteSpace(options.BillingAccountId) ? "BillingAccountId"
            : string.IsNullOrWhiteSpace(options.DefaultProviderName) ? "DefaultProviderName"
            : string.IsNullOrWhiteSpace(options.DefaultServiceName) ? "DefaultServiceName"
            : null;
        if (blank is not null)
        {
            throw new ArgumentException("FocusExportOptions." + blank + " must not be null or blank (FOCUS requires a value).", nameof(options));
        }

        return options;
    }

    private static FocusExportResult Result(FocusAggregator aggregator, int rows) => new()
    {
        Records = aggregator.Records,
        RowsWritten = rows,
        OtherCurrencyRecords = aggregator.OtherCurrencyRecords,
        UnpricedRecords = aggregator.UnpricedRecords,
        BilledCost = aggregator.BilledCost,
        InconsistentTokenRecords = aggregator.InconsistentTokenRecords,
    };
}
