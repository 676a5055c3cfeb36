using UsageAnalytics.Export.Internal;
using UsageAnalytics.Records;

namespace UsageAnalytics.Export;

public sealed partial class UsageCsvColumn
{
    /// <summary>Writes this column's cell of <paramref name="record"/>.</summary>
    internal void WriteCell(CsvCellWriter cells, UsageRecord record)
    {
        switch (_field)
        {
            case Field.Timestamp: cells.Timestamp(record.Timestamp); break;
            case Field.RequestId: cells.Text(record.RequestId); break;
            case Field.Provider: cells.Text(record.Provider); break;
            case Field.Model: cells.Text(record.Model); break;
            case Field.Service: cells.Text(record.Service); break;
            case Field.Status: cells.Text(record.Status); break;
            case Field.ErrorType: cells.Text(record.ErrorType); break;
            case Field.UserId: cells.Text(record.UserId); break;
            case Field.TeamId: cells.Text(record.TeamId); break;
            case Field.KeyAlias: cells.Text(record.KeyAlias); break;
            case Field.SessionId: cells.Text(record.SessionId); break;
            case Field.Tags: WriteTags(cells, record.Tags); break;
            case Field.PromptTokens: cells.Number(record.PromptTokens); break;
            case Field.CompletionTokens: cells.Number(record.CompletionTokens); break;
            case Field.TotalTokens: cells.Number(record.TotalTokens); break;
            case Field.CachedPromptTokens: cells.Number(record.CachedPromptTokens); break;
            case Field.CacheWriteTokens: cells.Number(record.CacheWriteTokens); break;
            case Field.ReasoningTokens: cells.Number(record.ReasoningTokens); break;
            case Field.EstimatedCost: cells.Number(record.EstimatedCost); break;
            case Field.ActualCost: cells.Number(record.ActualCost); break;
            case Field.EffectiveCost: cells.Number(record.EffectiveCost); break;
            case Field.Currency: cells.Text(record.Currency); break;
            case Field.LatencyMs: cells.Number(record.LatencyMs); break;
            case Field.TimeToFirstTokenMs: cells.Number(record.TimeToFirstTokenMs); break;
            case Field.CacheHit: cells.Boolean(record.CacheHit); break;
            case Field.CacheWriteFiveMinuteTokens: cells.Number(record.CacheWriteFiveMinuteTokens); break;
            case Field.CacheWriteOneHourTokens: cells.Number(record.CacheWriteOneHourTokens); break;
            case Field.AudioDurationSeconds: cells.Number(record.AudioDurationSeconds); break;
            case Field.CharacterCount: cells.Number(record.CharacterCount); break;
            default: cells.Text(record.Dimensions.TryGetValue(DimensionKey!, out var value) ? value : null); break;
        }
    }

    private static void WriteTags(CsvCellWriter cells, IReadOnlyList<string> tags)
    {
        switch (tags.Count)
        {
            case 0: cells.Empty(); break;
            case 1: cells.Text(tags[0]); break;
            default: cells.Text(string.Join(';', tags)); break;
        }
    }
}
