using System.Data.Common;
using DuckDB.NET.Data;
using UsageAnalytics.Records;

namespace UsageAnalytics.Benchmarks;

/// <summary>The dashboard in DuckDB (in-process): rows loaded once with the Appender, then plain SQL.</summary>
internal sealed class DuckDbDashboard : IDisposable
{
    private const string Failed = "count(*) FILTER (WHERE status IS NOT NULL AND lower(status) <> 'success')";
    private const string Figures = "count(*), " + Failed + ", sum(prompt + completion)::BIGINT, sum(coalesce(actual, est))";

    private readonly DuckDBConnection _connection;

    private DuckDbDashboard(DuckDBConnection connection) => _connection = connection;

    public static DuckDbDashboard Load(UsageRecord[] records)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE usage(model VARCHAR, provider VARCHAR, team VARCHAR, user_id VARCHAR, ts TIMESTAMP, status VARCHAR,
                    prompt BIGINT, completion BIGINT, est DECIMAL(18, 10), actual DECIMAL(18, 10), latency DOUBLE, ttft DOUBLE)
                """;
            create.ExecuteNonQuery();
        }

        using (var appender = connection.CreateAppender("usage"))
        {
            foreach (var r in records)
            {
                appender.CreateRow()
                    .AppendValue(r.Model)
                    .AppendValue(r.Provider)
                    .AppendValue(r.TeamId)
                    .AppendValue(r.UserId)
                    .AppendValue((DateTime?)r.Timestamp.UtcDateTime)
                    .AppendValue(r.Status)
                    .AppendValue((long?)r.PromptTokens)
                    .AppendValue((long?)r.CompletionTokens)
                    .AppendValue((decimal?)r.EstimatedCost)
                    .AppendValue(r.ActualCost)
                    .AppendValue(r.LatencyMs)
                    .AppendValue(r.TimeToFirstTokenMs)
                    .EndRow();
            }
        }

        return new DuckDbDashboard(connection);
    }

    public DashboardResult Run()
    {
        var result = new DashboardResult();
        Query("SELECT NULL, " + Figures + " FROM usage", reader => result.Totals = Read(reader));
        foreach (var (name, column) in new[] { ("model", "model"), ("provider", "provider"), ("team", "team"), ("user", "user_id") })
        {
            var groups = new Dictionary<string, GroupFigures>(StringComparer.Ordinal);
            Query($"SELECT {column}, {Figures} FROM usage GROUP BY ALL", reader => groups[reader.IsDBNull(0) ? "(none)" : reader.GetString(0)] = Read(reader));
            result.Groups[name] = groups;
        }

        foreach (var part in new[] { "day", "hour" })
        {
            var groups = new Dictionary<string, GroupFigures>(StringComparer.Ordinal);
            Query($"SELECT date_trunc('{part}', ts), {Figures} FROM usage GROUP BY ALL", reader => groups[DashboardResult.TimeKey(reader.GetDateTime(0))] = Read(reader));
            result.Groups[part] = groups;
        }

        // Latency and TTFT statistics describe successful calls (status NULL or success, any case), as the accumulator does.
        const string quantiles = "quantile_cont(latency, [0.5, 0.95, 0.99]) FILTER (WHERE status IS NULL OR lower(status) = 'success'), quantile_cont(ttft, [0.5, 0.95, 0.99]) FILTER (WHERE status IS NULL OR lower(status) = 'success')";
        Query($"SELECT NULL, {quantiles} FROM usage", reader => ReadQuantiles(reader, "*", result));
        Query($"SELECT model, {quantiles} FROM usage GROUP BY ALL", reader => ReadQuantiles(reader, reader.IsDBNull(0) ? "(none)" : reader.GetString(0), result));
        return result;
    }

    public void Dispose() => _connection.Dispose();

    private static GroupFigures Read(DbDataReader reader) =>
        new(reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? 0 : reader.GetInt64(3), reader.IsDBNull(4) ? 0 : reader.GetDecimal(4));

    private static void ReadQuantiles(DbDataReader reader, string key, DashboardResult result)
    {
        result.Percentiles["latency:" + key] = reader.IsDBNull(1) ? [] : [.. reader.GetFieldValue<List<double>>(1)];
        result.Percentiles["ttft:" + key] = reader.IsDBNull(2) ? [] : [.. reader.GetFieldValue<List<double>>(2)];
    }

    private void Query(string sql, Action<DbDataReader> onRow)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            onRow(reader);
        }
    }
}
