using UsageAnalytics.Analytics;
using UsageAnalytics.Records;

namespace UsageAnalytics.Budgets;

/// <summary>
/// The rows a budget covers: every row (<see cref="Global"/>) or the rows whose <see cref="Dimension"/> equals
/// <see cref="Value"/> (ordinal comparison; for <see cref="UsageDimension.Tag"/>, any of the row's tags).
/// </summary>
/// <remarks>
/// Text form (<see cref="Parse(string)"/>, <see cref="ToString"/>): <c>global</c> or <c>&lt;dimension&gt;=&lt;value&gt;</c>
/// with a dimension name of <see cref="UsageDimension.Parse(string)"/>, for example <c>team=search</c>,
/// <c>model=gpt-4o</c>, <c>tag=prod</c>, <c>dimension:department=legal</c>.
/// </remarks>
public sealed record BudgetScope
{
    private const string GlobalText = "global";

    private BudgetScope(UsageDimension? dimension, string? value)
    {
        Dimension = dimension;
        Value = value;
    }

    /// <summary>Gets the scope covering every row.</summary>
    public static BudgetScope Global { get; } = new(null, null);

    /// <summary>Gets the dimension the scope filters on; <see langword="null"/> for <see cref="Global"/>.</summary>
    public UsageDimension? Dimension { get; }

    /// <summary>Gets the value the dimension must have; <see langword="null"/> for <see cref="Global"/>.</summary>
    public string? Value { get; }

    /// <summary>Returns the scope of the rows whose <paramref name="dimension"/> equals <paramref name="value"/>.</summary>
    /// <param name="dimension">The dimension, for example <see cref="UsageDimension.Team"/> or <c>UsageDimension.Custom("department")</c>.</param>
    /// <param name="value">The value, compared ordinally (case-sensitive, as recorded).</param>
    /// <returns>The scope.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dimension"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty or white space.</exception>
    public static BudgetScope For(UsageDimension dimension, string value)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return new BudgetScope(dimension, value);
    }

    /// <summary>
    /// Parses <c>global</c> (any case) or <c>&lt;dimension&gt;=&lt;value&gt;</c>; white space around the text, the
    /// dimension and the value is ignored.
    /// </summary>
    /// <param name="text">The text, for example <c>team = search</c>.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">No <c>=</c>, an unknown dimension or an empty value; the message quotes the text.</exception>
    public static BudgetScope Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Equals(GlobalText, StringComparison.OrdinalIgnoreCase))
        {
            return Global;
        }

        var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException("'" + text + "' is not a budget scope: expected global or <dimension>=<value>, for example team=search.");
        }

        var name = trimmed[..equals].Trim();
        var value = trimmed[(equals + 1)..].Trim();
        if (value.Length == 0)
        {
            throw new FormatException("'" + text + "' is not a budget scope: the value after '=' is empty.");
        }

        UsageDimension dimension;
        try
        {
            dimension = UsageDimension.Parse(name.StartsWith("dimension:", StringComparison.Ordinal)
                ? "dimension:" + name["dimension:".Length..].Trim()
                : name);
        }
        catch (ArgumentException exception)
        {
            throw new FormatException("'" + text + "' is not a budget scope: unknown dimension '" + name + "'.", exception);
        }

        return new BudgetScope(dimension, value);
    }

    /// <summary>Returns whether <paramref name="record"/> is covered by the scope.</summary>
    /// <param name="record">The row.</param>
    /// <returns><see langword="true"/> for <see cref="Global"/>, or when the row's value (any tag, for tags) equals <see cref="Value"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    public bool Matches(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Dimension is null)
        {
            return true;
        }

        if (Dimension.Kind == UsageDimensionKind.Tag)
        {
            foreach (var tag in record.Tags)
            {
                if (string.Equals(tag, Value, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        return string.Equals(Dimension.ValueOf(record), Value, StringComparison.Ordinal);
    }

    /// <summary>Returns the text form: <c>global</c> or <c>&lt;dimension&gt;=&lt;value&gt;</c>.</summary>
    /// <returns>The text <see cref="Parse(string)"/> reads back.</returns>
    public override string ToString() => Dimension is null ? GlobalText : Dimension.Name + "=" + Value;
}
