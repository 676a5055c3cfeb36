using System.Globalization;

namespace UsageAnalytics.Alerts;

/// <summary>An alert condition's text could not be parsed.</summary>
/// <remarks>The message reads "… at position N: expected X, found Y".</remarks>
public sealed class AlertRuleParseException : UsageAnalyticsException
{
    /// <summary>Initializes a new instance of the <see cref="AlertRuleParseException"/> class.</summary>
    /// <param name="position">The 0-based character index of the failure.</param>
    /// <param name="expected">What the parser expected there.</param>
    /// <param name="found">What it found, or null at the end of the text.</param>
    public AlertRuleParseException(int position, string expected, string? found)
        : base(string.Create(CultureInfo.InvariantCulture, $"Invalid alert condition at position {position}: expected {expected}, found {found ?? "end of text"}."))
    {
        Position = position;
        Expected = expected ?? string.Empty;
        Found = found;
    }

    /// <summary>Gets the 0-based character index of the failure.</summary>
    public int Position { get; }

    /// <summary>Gets what the parser expected at <see cref="Position"/>.</summary>
    public string Expected { get; }

    /// <summary>Gets what the parser found at <see cref="Position"/>, or null at the end of the text.</summary>
    public string? Found { get; }
}
