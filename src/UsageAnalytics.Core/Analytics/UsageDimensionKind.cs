namespace UsageAnalytics.Analytics;

/// <summary>The kinds of dimension a usage row can be grouped or filtered by.</summary>
public enum UsageDimensionKind
{
    /// <summary><see cref="Records.UsageRecord.Provider"/>.</summary>
    Provider,

    /// <summary><see cref="Records.UsageRecord.Model"/>.</summary>
    Model,

    /// <summary><see cref="Records.UsageRecord.Service"/>.</summary>
    Service,

    /// <summary><see cref="Records.UsageRecord.Status"/> as recorded (a <see langword="null"/> status forms its own group).</summary>
    Status,

    /// <summary><see cref="Records.UsageRecord.ErrorType"/>.</summary>
    ErrorType,

    /// <summary><see cref="Records.UsageRecord.UserId"/>.</summary>
    User,

    /// <summary><see cref="Records.UsageRecord.TeamId"/>.</summary>
    Team,

    /// <summary><see cref="Records.UsageRecord.KeyAlias"/>.</summary>
    KeyAlias,

    /// <summary><see cref="Records.UsageRecord.SessionId"/>.</summary>
    Session,

    /// <summary>Each of <see cref="Records.UsageRecord.Tags"/>: a row with several tags counts once in each tag's group.</summary>
    Tag,

    /// <summary>One named entry of <see cref="Records.UsageRecord.Dimensions"/>.</summary>
    Custom,
}
