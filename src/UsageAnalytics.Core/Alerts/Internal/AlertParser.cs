using System.Globalization;
using System.Text;
using UsageAnalytics.Analytics;

namespace UsageAnalytics.Alerts.Internal;

/// <summary>Hand-written recursive descent parser; recursion is bounded by <see cref="AlertCondition.MaxDepth"/>, checked before each descent.</summary>
internal sealed partial class AlertParser
{
    private const string TermExpected = "'(', a metric or a dimension";
    private readonly string _text;
    private int _pos;

    private AlertParser(string text) => _text = text;

    public static AlertCondition Parse(string text)
    {
        if (text.Length > AlertCondition.MaxLength)
        {
            throw new AlertRuleParseException(AlertCondition.MaxLength, "at most 4096 characters", text.Length.ToString(CultureInfo.InvariantCulture) + " characters");
        }

        var parser = new AlertParser(text);
        var root = parser.ParseOr(0);
        parser.SkipSpace();
        if (parser._pos < text.Length)
        {
            throw parser.Error(text[parser._pos] == ')' ? "end of text (unbalanced ')')" : "'and', 'or' or end of text");
        }

        var comparisons = new List<AlertComparison>();
        Resolve(root, [], null, comparisons);
        if (comparisons.Count == 0)
        {
            throw new AlertRuleParseException(0, "at least one comparison", AlertText.Node(root));
        }

        return new AlertCondition(text, root, comparisons);
    }

    private AlertNode ParseOr(int depth)
    {
        var node = new AlertNode(AlertNodeKind.Or, _pos);
        node.Children.Add(ParseAnd(depth));
        while (TryKeyword("or"))
        {
            node.Children.Add(ParseAnd(depth));
        }

        return node;
    }

    private AlertNode ParseAnd(int depth)
    {
        SkipSpace();
        var node = new AlertNode(AlertNodeKind.And, _pos);
        node.Children.Add(ParseTerm(depth));
        while (TryKeyword("and"))
        {
            node.Children.Add(ParseTerm(depth));
        }

        return node;
    }

    private AlertNode ParseTerm(int depth)
    {
        SkipSpace();
        if (_pos >= _text.Length)
        {
            throw Error(TermExpected);
        }

        if (_text[_pos] == '(')
        {
            if (depth >= AlertCondition.MaxDepth)
            {
                throw new AlertRuleParseException(_pos, "at most 32 nested parentheses", "(");
            }

            var open = _pos++;
            var inner = ParseOr(depth + 1);
            SkipSpace();
            if (_pos >= _text.Length || _text[_pos] != ')')
            {
                throw Error("')' closing the '(' at position " + open.ToString(CultureInfo.InvariantCulture));
            }

            _pos++;
            return inner;
        }

        var start = _pos;
        var word = ReadWord();
        if (word.Length == 0)
        {
            throw Error(TermExpected);
        }

        if (AlertText.TryMetric(word, out var metric))
        {
            return ParseComparison(start, metric);
        }

        var name = word.ToLowerInvariant();
        if (name is "model" or "provider" or "team" or "user" or "key_alias" or "service" or "tag" or "status" or "budget")
        {
            return ParseScope(start, name, name == "budget" ? null : UsageDimension.Parse(name));
        }

        if (name == "dimension" && _pos < _text.Length && _text[_pos] == ':')
        {
            _pos++;
            var key = ReadKey();
            if (key.Length == 0)
            {
                throw Error("a dimension key after 'dimension:'");
            }

            return ParseScope(start, "dimension:" + key, UsageDimension.Custom(key));
        }

        throw new AlertRuleParseException(start, "a metric or a dimension", word);
    }

    private AlertNode ParseComparison(int start, AlertMetric metric)
    {
        SkipSpace();
        var op = ReadOperator() ?? throw Error("an operator (>, >=, <, <=, ==, !=)");
        SkipSpace();
        var threshold = ReadNumber();
        var window = TimeSpan.FromHours(1);
        var overAt = SkipSpaceAndPeek();
        if (TryKeyword("over"))
        {
            if (metric is AlertMetric.DailySpend or AlertMetric.BudgetPercentUsed)
            {
                throw new AlertRuleParseException(overAt, "no 'over' window for " + AlertText.MetricName(metric), "over");
            }

            SkipSpace();
            window = ReadWindow();
        }
        else if (metric == AlertMetric.DailySpend)
        {
            window = TimeSpan.FromDays(1);
        }

        return new AlertNode(AlertNodeKind.Comparison, start) { Metric = metric, Operator = op, Threshold = threshold, Window = window };
    }

    private AlertNode ParseScope(int start, string name, UsageDimension? dimension)
    {
        SkipSpace();
        if (_pos >= _text.Length || _text[_pos] != '=' || (_pos + 1 < _text.Length && _text[_pos + 1] == '='))
        {
            throw Error("'=' after the dimension " + name);
        }

        _pos++;
        SkipSpace();
        var value = ReadString();
        return new AlertNode(AlertNodeKind.Scope, start) { ScopeName = name, Dimension = dimension, ScopeValue = value };
    }

    private string ReadString()
    {
        if (_pos >= _text.Length || _text[_pos] != '"')
        {
            throw Error("a double-quoted string");
        }

        var open = _pos++;
        var builder = new StringBuilder();
        while (_pos < _text.Length)
        {
            var c = _text[_pos++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c == '\\')
            {
                if (_pos < _text.Length && _text[_pos] is '"' or '\\')
                {
                    builder.Append(_text[_pos++]);
                    continue;
                }

                _pos--;
                throw Error("'\\\"' or '\\\\' escape");
            }

            builder.Append(c);
        }

        throw new AlertRuleParseException(open, "a closing '\"' for the string", null);
    }
}
