namespace UsageAnalytics.Export;

/// <summary>What a CSV export of <see cref="Records.UsageRecord"/> rows writes: which columns, in which order, and
/// whether a header row comes first.</summary>
public sealed record UsageCsvOptions
{
    private readonly IReadOnlyList<UsageCsvColumn> _columns = UsageCsvColumn.Default;

    /// <summary>Gets the default options: <see cref="UsageCsvColumn.Default"/> columns with a header row.</summary>
    public static UsageCsvOptions Default { get; } = new();

    /// <summary>Gets the columns to write, in this order. Defaults to <see cref="UsageCsvColumn.Default"/>.</summary>
    /// <exception cref="ArgumentNullException">The value, or one of its columns, is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The list is empty or names a column twice.</exception>
    public IReadOnlyList<UsageCsvColumn> Columns
    {
        get => _columns;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Columns));
            if (value.Count == 0)
            {
                throw new ArgumentException("A CSV export needs at least one column.", nameof(Columns));
            }

            var seen = new HashSet<UsageCsvColumn>();
            foreach (var column in value)
            {
                ArgumentNullException.ThrowIfNull(column, nameof(Columns));
                if (!seen.Add(column))
                {
                    throw new ArgumentException("The CSV column '" + column.Name + "' is listed twice.", nameof(Columns));
                }
            }

            _columns = [.. value];
        }
    }

    /// <summary>Gets whether the first row holds the column names (<see cref="UsageCsvColumn.Name"/>). Defaults to
    /// <see langword="true"/>.</summary>
    public bool IncludeHeader { get; init; } = true;

    /// <summary>Returns whether both options write the same columns in the same order and agree on the header.</summary>
    /// <param name="other">The other options.</param>
    /// <returns><see langword="true"/> when they write the same CSV.</returns>
    public bool Equals(UsageCsvOptions? other) =>
        other is not null && IncludeHeader == other.IncludeHeader && _columns.SequenceEqual(other._columns);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(IncludeHeader);
        foreach (var column in _columns)
        {
            hash.Add(column);
        }

        return hash.ToHashCode();
    }
}
