using System.Runtime.InteropServices;
using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// Folds records into exact per (account, model) sums, then rounds them into a <see cref="ChargebackStatement"/>. Memory
/// grows with the number of (account, model) pairs, not with the number of records.
/// </summary>
internal sealed class ChargebackBuilder
{
    private readonly ChargebackOptions _options;
    private readonly Dictionary<(string? Account, string? Model), LineState> _lines = [];
    private MoneySum _total;
    private long _included;
    private long _outside;
    private long _otherCurrency;

    internal ChargebackBuilder(ChargebackOptions options)
    {
        _options = options;
    }

    /// <summary>Adds one record.</summary>
    /// <exception cref="ArgumentNullException">The record is null.</exception>
    /// <exception cref="ArgumentException">A cost of the record is beyond ±10¹⁵, or its cost takes a sum beyond the
    /// <see cref="decimal"/> range (the message names the record and the rule).</exception>
    internal void Add(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        FocusMoneyCheck.Validate(record);
        try
        {
            AddChecked(record);
        }
        catch (OverflowException ex)
        {
            throw FocusMoneyCheck.SumOutOfRange(record, ex);
        }
    }

    /// <summary>Makes the statement.</summary>
    /// <exception cref="ArgumentException">The exact total (or an account's) is beyond the <see cref="decimal"/> range.</exception>
    internal ChargebackStatement Build()
    {
        try
        {
            return BuildChecked();
        }
        catch (OverflowException ex)
        {
            throw FocusMoneyCheck.TotalOutOfRange(_included, ex);
        }
    }

    private void AddChecked(UsageRecord record)
    {
        if (!string.Equals(record.Currency, _options.Currency, StringComparison.OrdinalIgnoreCase))
        {
            _otherCurrency++;
            return;
        }

        if (record.Timestamp < _options.PeriodStart || record.Timestamp >= _options.PeriodEnd)
        {
            _outside++;
            return;
        }

        _included++;
        var money = new FixedMoney(record.EffectiveCost);
        _total.Add(money);
        ref var line = ref CollectionsMarshal.GetValueRefOrAddDefault(_lines, (AccountOf(record), Value(record.Model)), out _);
        line ??= new LineState();
        line.Amount.Add(money);
        line.Requests++;
        line.InputTokens += record.PromptTokens;
        line.OutputTokens += record.CompletionTokens;
        if (record.IsActualized)
        {
            line.ActualizedRequests++;
        }
    }

    private ChargebackStatement BuildChecked()
    {
        var exactTotal = _total.Total;
        var total = ChargebackRounding.Round(exactTotal, _options);

        // Group the lines by account, accounts and lines in ordinal key order so rounding ties are deterministic.
        var byAccount = new SortedDictionary<string, List<(string? Model, LineState State)>>(StringComparer.Ordinal);
        List<(string? Model, LineState State)>? noAccount = null;
        foreach (var ((account, model), state) in _lines)
        {
            List<(string? Model, LineState State)> list;
            if (account is null)
            {
                list = noAccount ??= [];
            }
            else if (!byAccount.TryGetValue(account, out list!))
            {
                list = [];
                byAccount[account] = list;
            }

            list.Add((model, state));
        }

        var accounts = new List<(string? Key, List<(string? Model, LineState State)> Lines, decimal Exact)>(byAccount.Count + 1);
        if (noAccount is not null)
        {
            accounts.Add((null, noAccount, 0m));
        }

        foreach (var (key, lines) in byAccount)
        {
            accounts.Add((key, lines, 0m));
        }

        for (var i = 0; i < accounts.Count; i++)
        {
            var lines = accounts[i].Lines;
            lines.Sort(static (a, b) => string.CompareOrdinal(a.Model, b.Model));
            var sum = default(MoneySum);
            foreach (var (_, state) in lines)
            {
                sum.Merge(state.Amount);
            }

            accounts[i] = accounts[i] with { Exact = sum.Total };
        }

        var accountAmounts = ChargebackRounding.Distribute(accounts.ConvertAll(a => a.Exact), total, _options);
        var result = new List<ChargebackAccount>(accounts.Count);
        for (var i = 0; i < accounts.Count; i++)
        {
            result.Add(BuildAccount(accounts[i].Key, accounts[i].Lines, accounts[i].Exact, accountAmounts[i]));
        }

        result.Sort(static (a, b) => b.Amount != a.Amount ? b.Amount.CompareTo(a.Amount) : string.CompareOrdinal(a.Key, b.Key));
        return new ChargebackStatement
        {
            Options = _options,
            Accounts = result,
            Total = total,
            ExactTotal = exactTotal,
            RecordsIncluded = _included,
            RecordsOutsidePeriod = _outside,
            OtherCurrencyRecords = _otherCurrency,
        };
    }

    private ChargebackAccount BuildAccount(string? key, List<(string? Model, LineState State)> lines, decimal exact, decimal amount)
    {
        var exacts = lines.ConvertAll(l => l.State.Amount.Total);
        var amounts = ChargebackRounding.Distribute(exacts, amount, _options);
        var items = new List<ChargebackLine>(lines.Count);
        long requests = 0, actualized = 0, input = 0, output = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var state = lines[i].State;
            items.Add(new ChargebackLine
            {
                Model = lines[i].Model,
                Amount = amounts[i],
                ExactAmount = exacts[i],
                Requests = state.Requests,
                ActualizedRequests = state.ActualizedRequests,
                InputTokens = state.InputTokens,
                OutputTokens = state.OutputTokens,
            });
            requests += state.Requests;
            actualized += state.ActualizedRequests;
            input += state.InputTokens;
            output += state.OutputTokens;
        }

        items.Sort(static (a, b) => b.Amount != a.Amount ? b.Amount.CompareTo(a.Amount) : string.CompareOrdinal(a.Model, b.Model));
        return new ChargebackAccount
        {
            Key = key,
            Lines = items,
            Amount = amount,
            ExactAmount = exact,
            Requests = requests,
            ActualizedRequests = actualized,
            InputTokens = input,
            OutputTokens = output,
        };
    }

    /// <summary>The account a record is charged to: the dimension's value (for tags, the first non-blank tag); blank = none.</summary>
    private string? AccountOf(UsageRecord record)
    {
        if (_options.Dimension.Kind == UsageDimensionKind.Tag)
        {
            foreach (var tag in record.Tags)
            {
                if (!string.IsNullOrWhiteSpace(tag))
                {
                    return tag;
                }
            }

            return null;
        }

        return Value(_options.Dimension.ValueOf(record));
    }

    private static string? Value(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private sealed class LineState
    {
        public MoneySum Amount;
        public long Requests;
        public long ActualizedRequests;
        public long InputTokens;
        public long OutputTokens;
    }
}
