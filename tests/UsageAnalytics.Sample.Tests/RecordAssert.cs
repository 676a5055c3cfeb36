using System.Text.Json.Nodes;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

/// <summary>Field-by-field equality of usage rows (the record's own equality compares its collections by reference).</summary>
internal static class RecordAssert
{
    public static void Same(UsageRecord expected, UsageRecord actual)
    {
        Assert.Equal(expected.RequestId, actual.RequestId);
        Assert.Equal(expected.Timestamp, actual.Timestamp);
        Assert.Equal(
            (expected.Provider, expected.Model, expected.Service, expected.Status, expected.ErrorType),
            (actual.Provider, actual.Model, actual.Service, actual.Status, actual.ErrorType));
        Assert.Equal(
            (expected.UserId, expected.TeamId, expected.KeyAlias, expected.SessionId),
            (actual.UserId, actual.TeamId, actual.KeyAlias, actual.SessionId));
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Dimensions.OrderBy(d => d.Key, StringComparer.Ordinal), actual.Dimensions.OrderBy(d => d.Key, StringComparer.Ordinal));
        Assert.Equal(
            (expected.PromptTokens, expected.CompletionTokens, expected.CachedPromptTokens, expected.CacheWriteTokens, expected.ReasoningTokens),
            (actual.PromptTokens, actual.CompletionTokens, actual.CachedPromptTokens, actual.CacheWriteTokens, actual.ReasoningTokens));
        Assert.Equal(
            (expected.CacheWriteFiveMinuteTokens, expected.CacheWriteOneHourTokens, expected.AudioDurationSeconds, expected.CharacterCount),
            (actual.CacheWriteFiveMinuteTokens, actual.CacheWriteOneHourTokens, actual.AudioDurationSeconds, actual.CharacterCount));
        Assert.Equal((expected.EstimatedCost, expected.ActualCost, expected.Currency), (actual.EstimatedCost, actual.ActualCost, actual.Currency));
        Assert.Equal((expected.LatencyMs, expected.TimeToFirstTokenMs, expected.CacheHit), (actual.LatencyMs, actual.TimeToFirstTokenMs, actual.CacheHit));
        Assert.True(
            JsonNode.DeepEquals(expected.CostBreakdown, actual.CostBreakdown),
            $"breakdowns differ: {expected.CostBreakdown?.ToJsonString()} vs {actual.CostBreakdown?.ToJsonString()}");
    }
}
