using System.Globalization;
using UsageAnalytics.Analytics;

namespace UsageAnalytics.Alerts.Internal;

internal sealed partial class AlertParser
{
    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private int SkipSpaceAndPeek()
    {
        SkipSpace();
        return _pos;
    }

    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        var end = _pos + keyword.Length;
        if (end <= _text.Length
            && string.Compare(_text, _pos, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (end == _text.Length || !IsWordChar(_text[end])))
        {
            _pos = end;
            return true;
        }

        return false;
    }

    private string ReadWord()
    {
        var start = _pos;
        while (_pos < _text.Length && IsWordChar(_text[_pos]))
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private string ReadKey()
    {
        var start = _pos;
        while (_pos < _text.Length && (IsWordChar(_text[_pos]) || _text[_pos] is '.' or '-'))
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private AlertOperator? ReadOperator()
    {
        if (_pos >= _text.Length)
        {
            return null;
        }

        var next = _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';
        (AlertOperator? op, int length) = (_text[_pos], next) switch
        {
            ('>', '=') => (AlertOperator.GreaterThanOrEqual, 2),
            ('>', _) => (AlertOperator.GreaterThan, 1),
            ('<', '=') => (AlertOperator.LessThanOrEqual, 2),
            ('<', _) => (AlertOperator.LessThan, 1),
            ('=', '=') => (AlertOperator.Equal, 2),
            ('=', _) => (AlertOperator.Equal, 1),
            ('!', '=') => (AlertOperator.NotEqual, 2),
            _ => ((AlertOperator?)null, 0),
        };
        _pos += length;
        return op;
    }

    private double ReadNumber()
    {
        var start = _pos;
        if (_pos < _text.Length && _text[_pos] is '-' or '+')
        {
            _pos++;
        }

        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] == '.'
            || ((_text[_pos] is 'e' or 'E') && _pos > start)
            || ((_text[_pos] is '+' or '-') && _text[_pos - 1] is 'e' or 'E')))
        {
            _pos++;
        }

        var end = _pos;
        while (_pos < _text.Length && IsWordChar(_text[_pos]))
        {
            _pos++;
        }

        if (end == start || _pos != end
            || !double.TryParse(_text.AsSpan(start, end - start), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            _pos = start;
            throw Error("a number");
        }

        return value;
    }

    private TimeSpan ReadWindow()
    {
        var start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        var digits = _pos - start;
        var unit = _pos < _text.Length ? char.ToLowerInvariant(_text[_pos]) : '\0';
        if (digits is > 0 and <= 6 && unit is 'm' or 'h' or 'd' && (_pos + 1 >= _text.Length || !IsWordChar(_text[_pos + 1])))
        {
            var count = int.Parse(_text.AsSpan(start, digits), NumberStyles.None, CultureInfo.InvariantCulture);
            var window = unit switch { 'm' => TimeSpan.FromMinutes(count), 'h' => TimeSpan.FromHours(count), _ => TimeSpan.FromDays(count) };
            if (window >= TimeSpan.FromMinutes(1) && window <= TimeSpan.FromDays(31))
            {
                _pos++;
                return window;
            }
        }

        _pos = start;
        throw Error("a window from 1m to 31d (digits then m, h or d)");
    }

    private AlertRuleParseException Error(string expected) => new(_pos, expected, Found());

    private string? Found()
    {
        if (_pos >= _text.Length)
        {
            return null;
        }

        var end = _pos;
        while (end < _text.Length && end - _pos < 24 && IsWordChar(_text[end]) || end < _text.Length && _text[end] is '.' && end > _pos)
        {
            end++;
        }

        return end == _pos ? _text[_pos].ToString() : _text[_pos..end];
    }

    private static void Resolve(AlertNode or, List<KeyValuePair<UsageDimension, string>> inherited, AlertNode? inheritedBudget, List<AlertComparison> comparisons)
    {
        foreach (var and in or.Children)
        {
            var filters = new List<KeyValuePair<UsageDimension, string>>(inherited);
            var budget = inheritedBudget;
            AlertNode? firstScope = null;
            var hasComparison = false;
            foreach (var term in and.Children)
            {
                if (term.Kind != AlertNodeKind.Scope)
                {
                    hasComparison = true;
                    continue;
                }

                firstScope ??= term;
                if (term.Dimension is null)
                {
                    if (budget is not null && !string.Equals(budget.ScopeValue, term.ScopeValue, StringComparison.Ordinal))
                    {
                        throw Conflict(term);
                    }

                    budget = term;
                    continue;
                }

                var index = filters.FindIndex(f => f.Key.Equals(term.Dimension));
                if (index >= 0 && !string.Equals(filters[index].Value, term.ScopeValue, StringComparison.Ordinal))
                {
                    throw Conflict(term);
                }

                if (index < 0)
                {
                    filters.Add(new(term.Dimension, term.ScopeValue));
                }
            }

            if (firstScope is not null && !hasComparison)
            {
                throw new AlertRuleParseException(firstScope.Position, "a comparison in the conjunction of this scope", AlertText.Node(firstScope));
            }

            filters.Sort((a, b) => string.CompareOrdinal(a.Key.Name, b.Key.Name));
            foreach (var term in and.Children)
            {
                if (term.Kind == AlertNodeKind.Comparison)
                {
                    term.ComparisonIndex = comparisons.Count;
                    comparisons.Add(new AlertComparison(term.Metric, term.Operator, term.Threshold, term.Window, filters.ToArray(), budget?.ScopeValue));
                }
                else if (term.Kind == AlertNodeKind.Or)
                {
                    Resolve(term, filters, budget, comparisons);
                }
            }
        }

        static AlertRuleParseException Conflict(AlertNode term) =>
            new(term.Position, "one value for " + term.ScopeName + " in a conjunction", AlertText.Node(term));
    }
}
