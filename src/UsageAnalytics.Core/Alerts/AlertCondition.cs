using System.Diagnostics.CodeAnalysis;
using UsageAnalytics.Alerts.Internal;

namespace UsageAnalytics.Alerts;

/// <summary>A parsed, immutable alert condition such as <c>model = "gpt-4o" and p95_latency_ms &gt;= 3000 over 5m</c>.</summary>
/// <remarks>
/// Grammar (keywords and metric names case-insensitive; <c>and</c> binds tighter than <c>or</c>):
/// <c>expr := and ('or' and)*</c>; <c>and := term ('and' term)*</c>; <c>term := '(' expr ')' | comparison | scope</c>;
/// <c>comparison := metric op number ['over' window]</c>; <c>scope := dimension '=' "string"</c>.
/// A scope applies to every comparison of the conjunctions that contain it. Texts longer than 4096 characters or
/// nested deeper than 32 parentheses are refused.
/// </remarks>
public sealed class AlertCondition
{
    /// <summary>The longest accepted condition text, in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>The deepest accepted nesting of parentheses.</summary>
    public const int MaxDepth = 32;

    internal AlertCondition(string text, AlertNode root, IReadOnlyList<AlertComparison> comparisons)
    {
        Text = text;
        Root = root;
        Comparisons = comparisons;
    }

    /// <summary>Gets the text as given.</summary>
    public string Text { get; }

    /// <summary>Gets the comparisons in text order, each with its effective scope.</summary>
    public IReadOnlyList<AlertComparison> Comparisons { get; }

    internal AlertNode Root { get; }

    /// <summary>Parses a condition.</summary>
    /// <param name="text">The condition text.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="AlertRuleParseException">The text is not a valid condition.</exception>
    public static AlertCondition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return AlertParser.Parse(text);
    }

    /// <summary>Tries to parse a condition.</summary>
    /// <param name="text">The condition text.</param>
    /// <param name="condition">The condition, or null on failure.</param>
    /// <param name="error">The failure, or null on success.</param>
    /// <returns>Whether the text parsed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static bool TryParse(string text, [NotNullWhen(true)] out AlertCondition? condition, [NotNullWhen(false)] out AlertRuleParseException? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            condition = AlertParser.Parse(text);
            error = null;
            return true;
        }
        catch (AlertRuleParseException ex)
        {
            condition = null;
            error = ex;
            return false;
        }
    }

    /// <summary>Returns the normalized text: lower-case keywords, single spaces, explicit windows, <c>==</c> for <c>=</c>.</summary>
    /// <returns>Text that <see cref="Parse(string)"/> reads back to an equal condition.</returns>
    public override string ToString() => AlertText.Node(Root);
}
