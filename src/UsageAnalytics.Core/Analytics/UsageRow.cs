using UsageAnalytics.Records;

namespace UsageAnalytics.Analytics;

/// <summary>The fields of one row that the summary reads, whatever the row's own type.</summary>
internal readonly record struct UsageRow(
    string? RequestId,
    string? Provider,
    string? Model,
    string? Service,
    string? Status,
    decimal EstimatedCost,
    decimal? ActualCost,
    long PromptTokens,
    long CompletionTokens,
    long CachedPromptTokens,
    long CacheWriteTokens,
    long ReasoningTokens)
{
    public bool IsSuccess => Status is null || string.Equals(Status, "success", StringComparison.OrdinalIgnoreCase);

    public bool HasRequestId => !string.IsNullOrWhiteSpace(RequestId);

    public static UsageRow From(UsageRecord record) => new(
        record.RequestId,
        record.Provider,
        record.Model,
        record.Service,
        record.Status,
        record.EstimatedCost,
        record.ActualCost,
        record.PromptTokens,
        record.CompletionTokens,
        record.CachedPromptTokens,
        record.CacheWriteTokens,
        record.ReasoningTokens);
}
