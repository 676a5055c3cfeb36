using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>
/// A dimension usage rows are grouped or filtered by: a built-in field (<see cref="Model"/>, <see cref="User"/>, …),
/// each tag (<see cref="Tag"/>) or a named custom dimension (<see cref="Custom(string)"/>).
/// </summary>
/// <remarks>Instances compare by value; <see cref="Name"/> is the stable text form used in serialized state.</remarks>
public sealed class UsageDimension : IEquatable<UsageDimension>
{
    private const string CustomPrefix = "dimension:";

    private UsageDimension(UsageDimensionKind kind, string name, string? customKey)
    {
        Kind = kind;
        Name = name;
        CustomKey = customKey;
    }

    /// <summary>Gets the provider dimension (<c>provider</c>).</summary>
    public static UsageDimension Provider { get; } = new(UsageDimensionKind.Provider, "provider", null);

    /// <summary>Gets the model dimension (<c>model</c>).</summary>
    public static UsageDimension Model { get; } = new(UsageDimensionKind.Model, "model", null);

    /// <summary>Gets the service dimension (<c>service</c>).</summary>
    public static UsageDimension Service { get; } = new(UsageDimensionKind.Service, "service", null);

    /// <summary>Gets the status dimension (<c>status</c>).</summary>
    public static UsageDimension Status { get; } = new(UsageDimensionKind.Status, "status", null);

    /// <summary>Gets the error type dimension (<c>error_type</c>).</summary>
    public static UsageDimension ErrorType { get; } = new(UsageDimensionKind.ErrorType, "error_type", null);

    /// <summary>Gets the user dimension (<c>user</c>).</summary>
    public static UsageDimension User { get; } = new(UsageDimensionKind.User, "user", null);

    /// <summary>Gets the team dimension (<c>team</c>).</summary>
    public static UsageDimension Team { get; } = new(UsageDimensionKind.Team, "team", null);

    /// <summary>Gets the API key alias dimension (<c>key_alias</c>, LiteLLM's name: never the key or its hash).</summary>
    public static UsageDimension KeyAlias { get; } = new(UsageDimensionKind.KeyAlias, "key_alias", null);

    /// <summary>Gets the session dimension (<c>session</c>).</summary>
    public static UsageDimension Session { get; } = new(UsageDimensionKind.Session, "session", null);

    /// <summary>Gets the tag dimension (<c>tag</c>): a row counts once in the group of each of its tags.</summary>
    public static UsageDimension Tag { get; } = new(UsageDimensionKind.Tag, "tag", null);

    /// <summary>Gets the kind of the dimension.</summary>
    public UsageDimensionKind Kind { get; }

    /// <summary>Gets the stable name: <c>model</c>, <c>user</c>, …, or <c>dimension:&lt;key&gt;</c> for a custom dimension.</summary>
    public string Name { get; }

    /// <summary>Gets the key in <see cref="UsageRecord.Dimensions"/> of a custom dimension; otherwise <see langword="null"/>.</summary>
    public string? CustomKey { get; }

    /// <summary>Returns the custom dimension read from <see cref="UsageRecord.Dimensions"/> under <paramref name="key"/>.</summary>
    /// <param name="key">The dimension key, compared ordinally (for example <c>department</c>).</param>
    /// <returns>The dimension.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null, empty or white space.</exception>
    public static UsageDimension Custom(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return new UsageDimension(UsageDimensionKind.Custom, CustomPrefix + key, key);
    }

    /// <summary>Returns the dimension with the given <see cref="Name"/>.</summary>
    /// <param name="name">A name such as <c>model</c> or <c>dimension:department</c>.</param>
    /// <returns>The dimension.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a known dimension name.</exception>
    public static UsageDimension Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "provider" => Provider,
            "model" => Model,
            "service" => Service,
            "status" => Status,
            "error_type" => ErrorType,
            "user" => User,
            "team" => Team,
            "key_alias" => KeyAlias,
            "session" => Session,
            "tag" => Tag,
            _ when name.StartsWith(CustomPrefix, StringComparison.Ordinal) && name.Length > CustomPrefix.Length => Custom(name[CustomPrefix.Length..]),
            _ => throw new ArgumentException("Unknown usage dimension '" + name + "'.", nameof(name)),
        };
    }

    /// <inheritdoc />
    public bool Equals(UsageDimension? other) =>
        other is not null && Kind == other.Kind && string.Equals(CustomKey, other.CustomKey, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as UsageDimension);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, CustomKey is null ? 0 : StringComparer.Ordinal.GetHashCode(CustomKey));

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Reads the dimension's value from a row (for <see cref="Tag"/>, the first tag; use the tags list instead).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal string? ValueOf(UsageRecord record) => Kind switch
    {
        UsageDimensionKind.Provider => record.Provider,
        UsageDimensionKind.Model => record.Model,
        UsageDimensionKind.Service => record.Service,
        UsageDimensionKind.Status => record.Status,
        UsageDimensionKind.ErrorType => record.ErrorType,
        UsageDimensionKind.User => record.UserId,
        UsageDimensionKind.Team => record.TeamId,
        UsageDimensionKind.KeyAlias => record.KeyAlias,
        UsageDimensionKind.Session => record.SessionId,
        UsageDimensionKind.Tag => record.Tags.Count > 0 ? record.Tags[0] : null,
        _ => record.Dimensions.TryGetValue(CustomKey!, out var value) ? value : null,
    };
}
