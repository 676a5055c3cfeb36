using UsageAnalytics.Analytics;

namespace UsageAnalytics.Export.Internal;

/// <summary>Writes the FOCUS header and rows in <see cref="FocusExporter.Columns"/> order through <see cref="CsvCellWriter"/>.</summary>
internal static class FocusRowWriter
{
    internal const string ChargeCategory = "Usage";
    internal const string ChargeFrequency = "Usage-Based";
    internal const string ServiceCategory = "AI and Machine Learning";
    internal const string ServiceSubcategory = "Generative AI";
    internal const string UnknownModel = "unknown";

    internal static void WriteHeader(CsvCellWriter csv)
    {
        foreach (var column in FocusExporter.Columns)
        {
            csv.Text(column);
        }

        csv.EndRow();
    }

    internal static void WriteRow(CsvCellWriter csv, FocusExportOptions options, FocusGroupKey key, FocusMeterTotals totals)
    {
        var billed = totals.BilledTotal;
        var periodStart = new DateTimeOffset(key.PeriodStart, TimeSpan.Zero);
        var periodEnd = PeriodEnd(periodStart, options.ChargePeriod);
        var billingStart = new DateTimeOffset(key.PeriodStart.Year, key.PeriodStart.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var billingEnd = billingStart.Year == DateTimeOffset.MaxValue.Year && billingStart.Month == 12 ? DateTimeOffset.MaxValue : billingStart.AddMonths(1);
        var provider = key.Provider ?? options.DefaultProviderName;
        var meter = FocusMeterNames.SkuMeter(key.Meter);
        var unit = FocusMeterNames.Unit(key.Meter);

        csv.Number(billed);                                        // BilledCost
        csv.Text(options.BillingAccountId);                        // BillingAccountId
        csv.Text(options.BillingAccountName);                      // BillingAccountName
        csv.Text(options.Currency.ToUpperInvariant());             // BillingCurrency
        csv.Timestamp(billingEnd);                                 // BillingPeriodEnd
        csv.Timestamp(billingStart);                               // BillingPeriodStart
        csv.Text(ChargeCategory);                                  // ChargeCategory
        csv.Empty();                                               // ChargeClass: not a correction
        csv.Text((key.Model ?? UnknownModel) + " " + meter);       // ChargeDescription
        csv.Timestamp(periodEnd);                                  // ChargePeriodEnd
        csv.Timestamp(periodStart);                                // ChargePeriodStart
        csv.Number(billed);                                        // ContractedCost
        csv.Number(billed);                                        // EffectiveCost
        csv.Text(options.InvoiceIssuerName ?? provider);           // InvoiceIssuerName
        csv.Number(totals.ListTotal);                              // ListCost
        csv.Number(totals.Quantity);                               // PricingQuantity
        csv.Text(unit);                                            // PricingUnit
        csv.Text(provider);                                        // ProviderName
        csv.Text(provider);                                        // PublisherName
        csv.Text(ServiceCategory);                                 // ServiceCategory
        csv.Text(key.Service ?? options.DefaultServiceName);       // ServiceName
        csv.Text(ChargeFrequency);                                 // ChargeFrequency
        csv.Number(totals.Quantity);                               // ConsumedQuantity
        csv.Text(unit);                                            // ConsumedUnit
        csv.Text(key.Model);                                       // ResourceId
        csv.Text(key.Model);                                       // ResourceName
        csv.Text(ServiceSubcategory);                              // ServiceSubcategory
        csv.Text(provider + "/" + (key.Model ?? UnknownModel) + "/" + FocusMeterNames.Code(key.Meter)); // SkuId
        csv.Text(meter);                                           // SkuMeter
        csv.Text(key.Team);                                        // SubAccountId
        csv.Text(key.Team);                                        // SubAccountName
        csv.Text(key.Tags);                                        // Tags
        csv.Number(totals.Requests);                               // x_RequestCount
        csv.Number(totals.ActualizedRequests);                     // x_ActualizedRequestCount
        csv.EndRow();
    }

    /// <summary>The exclusive end of a UTC charge period; <see cref="DateTimeOffset.MaxValue"/> (9999-12-31T23:59:59.9999999Z)
    /// for the last period of year 9999, whose end 10000-01-01T00:00:00Z no <see cref="DateTimeOffset"/> can hold.</summary>
    internal static DateTimeOffset PeriodEnd(DateTimeOffset start, TimeBucketSize period)
    {
        var length = period == TimeBucketSize.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        return DateTimeOffset.MaxValue - start < length ? DateTimeOffset.MaxValue : start + length;
    }
}
