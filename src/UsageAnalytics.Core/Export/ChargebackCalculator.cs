using UsageAnalytics.Export.Internal;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

/// <summary>
/// Makes chargeback statements: the spend of a period charged to the accounts of a dimension (team, department, key
/// alias, tag, user…), with a line per model and totals that add up exactly to the minor unit.
/// </summary>
/// <remarks>
/// <para>A record's spend is its <see cref="UsageRecord.EffectiveCost"/> (actual when known, else estimated). Sums are exact
/// (fixed-point, then <see cref="decimal"/>); only the statement's amounts are rounded, by the rule that
/// <see cref="ChargebackStatement.RoundingRule"/> states: the total is the exact total rounded to
/// <see cref="ChargebackOptions.DecimalPlaces"/>; each account is rounded and the residue (total − sum of rounded accounts)
/// goes to the account with the largest exact amount by magnitude (ties: first key in ordinal order, no value first);
/// within each account each line is rounded and the residue to the account's amount goes to its largest line. Lines add
/// up to their account and accounts to the total exactly; negative amounts (credits) follow the same rule.</para>
/// <para>A cost beyond ±10¹⁵ is refused with an <see cref="ArgumentException"/> naming the record, as the engine refuses it;
/// negative costs (credits, refunds) are charged. A sum beyond the <see cref="decimal"/> range is an
/// <see cref="ArgumentException"/> too, never an <see cref="OverflowException"/>.</para>
/// <para>Memory grows with the number of (account, model) pairs, not with the number of records.</para>
/// </remarks>
public static class ChargebackCalculator
{
    /// <summary>Makes the statement of <paramref name="records"/>.</summary>
    /// <param name="records">The usage records; enumerated once.</param>
    /// <param name="options">The dimension, period, currency and rounding.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/>, <paramref name="options"/>, its dimension or a record is null.</exception>
    /// <exception cref="ArgumentException">The period ends at or before its start, or the currency is blank; or a record has
    /// an <see cref="UsageRecord.EstimatedCost"/> or <see cref="UsageRecord.ActualCost"/> beyond ±10¹⁵ (a corrupt value, the
    /// engine's bound; checked for every record, in the period or not), or the costs take a sum beyond the
    /// <see cref="decimal"/> range (the message names the record, its request id and timestamp, and the rule).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The decimal places are outside 0..<see cref="ChargebackOptions.MaxDecimalPlaces"/>,
    /// or the rounding is not a defined <see cref="MidpointRounding"/>.</exception>
    public static ChargebackStatement Create(IEnumerable<UsageRecord> records, ChargebackOptions options)
    {
        ArgumentNullException.ThrowIfNull(records);
        Validate(options);
        var builder = new ChargebackBuilder(options);
        foreach (var record in records)
        {
            builder.Add(record);
        }

        return builder.Build();
    }

    /// <summary>Makes the statement of an asynchronous stream of records.</summary>
    /// <param name="records">The usage records; enumerated once.</param>
    /// <param name="options">The dimension, period, currency and rounding.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/>, <paramref name="options"/>, its dimension or a record is null.</exception>
    /// <exception cref="ArgumentException">The period ends at or before its start, or the currency is blank; or a record has
    /// an <see cref="UsageRecord.EstimatedCost"/> or <see cref="UsageRecord.ActualCost"/> beyond ±10¹⁵ (a corrupt value, the
    /// engine's bound; checked for every record, in the period or not), or the costs take a sum beyond the
    /// <see cref="decimal"/> range (the message names the record, its request id and timestamp, and the rule).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The decimal places are outside 0..<see cref="ChargebackOptions.MaxDecimalPlaces"/>,
    /// or the rounding is not a defined <see cref="MidpointRounding"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<ChargebackStatement> CreateAsync(
        IAsyncEnumerable<UsageRecord> records,
        ChargebackOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        Validate(options);
        var builder = new ChargebackBuilder(options);
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            builder.Add(record);
        }

        return builder.Build();
    }

    private static void Validate(ChargebackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Dimension, nameof(options));
        if (options.PeriodEnd <= options.PeriodStart)
        {
            throw new ArgumentException("ChargebackOptions.PeriodEnd must be later than PeriodStart.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.Currency))
        {
            throw new ArgumentException("ChargebackOptions.Currency must not be null or blank.", nameof(options));
        }

        if (options.DecimalPlaces is < 0 or > ChargebackOptions.MaxDecimalPlaces)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DecimalPlaces, "ChargebackOptions.DecimalPlaces must be 0 to 6.");
        }

        if (!Enum.IsDefined(options.Rounding))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Rounding, "ChargebackOptions.Rounding is not a defined MidpointRounding.");
        }
    }
}
