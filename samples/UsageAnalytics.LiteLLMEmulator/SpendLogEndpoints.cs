using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>The handlers of <c>GET /spend/logs/v2</c> and <c>GET /spend/logs</c>, coded to LITELLM.md.</summary>
internal sealed class SpendLogEndpoints(EmulatorState state)
{
    private const ulong RateLimitSalt = 1;
    private const ulong ServerErrorSalt = 2;
    private const ulong NullBodySalt = 3;
    private const ulong BrokenBodySalt = 4;
    private const ulong MalformedRowSalt = 5;
    private const ulong DamageKindSalt = 6;
    private const string RequiredDatesMessage = "Start date and end date are required";
    private const string DamagedRowsKey = "emulator.damaged-rows";

    private static readonly string[] _sortColumns = ["spend", "total_tokens", "startTime", "endTime", "request_duration_ms", "model", "ttft_ms"];

    public async Task HandleV2Async(HttpContext context)
    {
        if (!await PassGateAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var query = context.Request.Query;
        if (await ReadIntAsync(context, "page", 1, 1, int.MaxValue).ConfigureAwait(false) is not { } page
            || await ReadIntAsync(context, "page_size", 50, 1, state.Options.MaxPageSize).ConfigureAwait(false) is not { } pageSize)
        {
            return;
        }

        var startText = Single(query, "start_date");
        var endText = Single(query, "end_date");
        if (string.IsNullOrEmpty(startText) || string.IsNullOrEmpty(endText))
        {
            await ProxyResponses.WriteErrorAsync(context, StatusCodes.Status400BadRequest, RequiredDatesMessage, "bad_request").ConfigureAwait(false);
            return;
        }

        if (!TryParseWindowDate(startText, out var start) || !TryParseWindowDate(endText, out var end))
        {
            await ProxyResponses.WriteErrorAsync(
                context,
                StatusCodes.Status400BadRequest,
                "Invalid date format. Use 'YYYY-MM-DD HH:MM:SS' or 'YYYY-MM-DD' (read as UTC).",
                "bad_request").ConfigureAwait(false);
            return;
        }

        var sortBy = Single(query, "sort_by") ?? "startTime";
        var sortOrder = Single(query, "sort_order") ?? "desc";
        if (Array.IndexOf(_sortColumns, sortBy) < 0 || (sortOrder != "asc" && sortOrder != "desc"))
        {
            await ProxyResponses.WriteErrorAsync(
                context,
                StatusCodes.Status400BadRequest,
                "Invalid sort_by or sort_order. sort_by must be one of: " + string.Join(", ", _sortColumns) + "; sort_order asc or desc.",
                "bad_request").ConfigureAwait(false);
            return;
        }

        var oldBuild = state.OldBuild;
        var rows = Visible(Single(query, "request_id"), matchCallId: !oldBuild);
        rows.RemoveAll(stored => stored.Row.StartTime < start || stored.Row.StartTime > end || !MatchesV2(stored, query, matchCallId: !oldBuild));
        rows.Sort(Comparer(sortBy, descending: sortOrder == "desc"));

        var count = rows.Count;
        var total = Math.Min(count, state.Options.TotalCap);
        var totalPages = (total + pageSize - 1) / pageSize;
        var skip = (long)(page - 1) * pageSize;
        var pageRows = skip >= count ? [] : rows.GetRange((int)skip, (int)Math.Min(pageSize, count - skip));

        await WriteBodyAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data");
            WriteRows(writer, pageRows, context);
            writer.WriteEndArray();
            writer.WriteNumber("total", total);
            writer.WriteNumber("page", page);
            writer.WriteNumber("page_size", pageSize);
            writer.WriteNumber("total_pages", totalPages);
            if (!oldBuild)
            {
                writer.WriteBoolean("total_is_capped", count > state.Options.TotalCap);
            }

            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public async Task HandleV1Async(HttpContext context)
    {
        if (!await PassGateAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var query = context.Request.Query;
        var requestId = Single(query, "request_id");
        var nullForMissing = state.OldBuild;
        var rows = Visible(requestId, matchCallId: !nullForMissing);
        if (!string.IsNullOrEmpty(requestId))
        {
            await WriteBodyAsync(context, writer =>
            {
                writer.WriteStartArray();
                if (rows.Count == 0 && nullForMissing)
                {
                    writer.WriteNullValue();
                }

                WriteRows(writer, rows, context);
                writer.WriteEndArray();
            }).ConfigureAwait(false);
            return;
        }

        if (Single(query, "user_id") is { Length: > 0 } userId)
        {
            rows.RemoveAll(stored => stored.Row.User != userId);
        }

        var startText = Single(query, "start_date");
        var endText = Single(query, "end_date");
        var hasWindow = !string.IsNullOrEmpty(startText) && !string.IsNullOrEmpty(endText);
        if (hasWindow)
        {
            if (!TryParseDay(startText!, out var start) || !TryParseDay(endText!, out var end))
            {
                await ProxyResponses.WriteErrorAsync(
                    context, StatusCodes.Status400BadRequest, "Invalid date format. Use 'YYYY-MM-DD'.", "bad_request").ConfigureAwait(false);
                return;
            }

            // v1 excludes the end day (LiteLLM issue 40216).
            rows.RemoveAll(stored => stored.Row.StartTime < start || stored.Row.StartTime >= end);
            if (!string.Equals(Single(query, "summarize"), "false", StringComparison.OrdinalIgnoreCase))
            {
                await WriteDailyTotalsAsync(context, rows).ConfigureAwait(false);
                return;
            }
        }

        rows.Sort(Comparer("startTime", descending: true));
        if (rows.Count > state.Options.TotalCap)
        {
            rows.RemoveRange(state.Options.TotalCap, rows.Count - state.Options.TotalCap);
            context.Response.Headers["x-litellm-spend-logs-truncated"] = "true";
        }

        await WriteBodyAsync(context, writer =>
        {
            writer.WriteStartArray();
            WriteRows(writer, rows, context);
            writer.WriteEndArray();
        }).ConfigureAwait(false);
    }

    /// <summary>Authentication, then the per-request faults. Returns false when the response is already written.</summary>
    private async Task<bool> PassGateAsync(HttpContext context)
    {
        state.CountRequest(context.Request.Path.Value + context.Request.QueryString.Value);
        var presented = PresentedKeys(context.Request.Headers);
        if (presented.Count == 0)
        {
            await ProxyResponses.WriteErrorAsync(
                context, StatusCodes.Status401Unauthorized, "Authentication Error, No api key passed in.", "auth_error").ConfigureAwait(false);
            return false;
        }

        if (!presented.Contains(state.Options.ApiKey, StringComparer.Ordinal))
        {
            // Never echo the key back.
            await ProxyResponses.WriteErrorAsync(
                context, StatusCodes.Status401Unauthorized, "Authentication Error, Invalid proxy server token passed.", "auth_error").ConfigureAwait(false);
            return false;
        }

        var n = (ulong)state.CountSpendLogRequest();
        var faults = state.Faults;
        if (faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(faults.Latency, context.RequestAborted).ConfigureAwait(false);
        }

        if (faults.NoDatabase)
        {
            state.CountFault(EmulatorState.Fault.NoDatabase);
            await (state.OldBuild
                ? ProxyResponses.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "No connected db.", "auth_error")
                : ProxyResponses.WriteErrorAsync(
                    context, StatusCodes.Status503ServiceUnavailable, "Database not connected. Connect a database to your proxy.", "no_db_connection"))
                .ConfigureAwait(false);
            return false;
        }

        if ((faults.RateLimitEveryNth > 0 && n % (ulong)faults.RateLimitEveryNth == 0)
            || FaultDice.Roll(faults.Seed, RateLimitSalt, n, faults.RateLimitFraction))
        {
            state.CountFault(EmulatorState.Fault.RateLimited);
            context.Response.Headers.RetryAfter = faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await ProxyResponses.WriteErrorAsync(
                context, StatusCodes.Status429TooManyRequests, "Rate limit exceeded. Try again later.", "throttling_error").ConfigureAwait(false);
            return false;
        }

        if ((faults.ServerErrorEveryNth > 0 && n % (ulong)faults.ServerErrorEveryNth == 0)
            || FaultDice.Roll(faults.Seed, ServerErrorSalt, n, faults.ServerErrorFraction))
        {
            state.CountFault(EmulatorState.Fault.ServerError);
            await ProxyResponses.WriteErrorAsync(
                context, StatusCodes.Status500InternalServerError, "Internal Server Error (emulated fault)", "internal_server_error").ConfigureAwait(false);
            return false;
        }

        context.Items[typeof(SpendLogEndpoints)] = n;
        return true;
    }

    private static List<string> PresentedKeys(IHeaderDictionary headers)
    {
        var keys = new List<string>(2);
        if (StripBearer(headers.Authorization.ToString(), requireBearer: true) is { } fromAuthorization)
        {
            keys.Add(fromAuthorization);
        }

        if (StripBearer(headers["x-litellm-api-key"].ToString(), requireBearer: false) is { } fromHeader)
        {
            keys.Add(fromHeader);
        }

        return keys;
    }

    private static string? StripBearer(string value, bool requireBearer)
    {
        value = value.Trim();
        if (value.Length == 0)
        {
            return null;
        }

        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            value = value["Bearer ".Length..].Trim();
        }
        else if (requireBearer)
        {
            return null;
        }

        return value.Length == 0 ? null : value;
    }

    private async Task WriteBodyAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var n = context.Items.TryGetValue(typeof(SpendLogEndpoints), out var boxed) && boxed is ulong sequence ? sequence : 0UL;
        var faults = state.Faults;
        if (FaultDice.Roll(faults.Seed, NullBodySalt, n, faults.NullBodyFraction))
        {
            state.CountFault(EmulatorState.Fault.NullBody);
            await ProxyResponses.WriteBytesAsync(context, StatusCodes.Status200OK, "[null]"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ProxyResponses.WriterOptions))
        {
            write(writer);
        }

        var body = buffer.WrittenMemory;
        if (FaultDice.Roll(faults.Seed, BrokenBodySalt, n, faults.BrokenBodyFraction))
        {
            // A proxy cut off mid-body: valid UTF-8, invalid JSON.
            body = body[..Math.Max(1, body.Length / 2)];
            state.CountFault(EmulatorState.Fault.BrokenBody);
        }
        else if (context.Items.TryGetValue(DamagedRowsKey, out var damaged) && damaged is int rows && rows > 0)
        {
            // Counted only when the client gets to see them: a cut-off body is one fault, not more.
            state.CountFault(EmulatorState.Fault.MalformedRow, rows);
        }

        await ProxyResponses.WriteBytesAsync(context, StatusCodes.Status200OK, body).ConfigureAwait(false);
    }

    private void WriteRows(Utf8JsonWriter writer, List<StoredRow> rows, HttpContext context)
    {
        var faults = state.Faults;
        var damaged = 0;
        foreach (var stored in rows)
        {
            var damage = SpendLogRowWriter.Damage.None;
            if (FaultDice.Roll(faults.Seed, MalformedRowSalt, stored.Row.RequestId, faults.MalformedRowFraction))
            {
                var kind = (int)(FaultDice.Unit(faults.Seed, DamageKindSalt, FaultDice.Hash(stored.Row.RequestId)) * 4);
                damage = (SpendLogRowWriter.Damage)(1 + Math.Min(kind, 3));
                damaged++;
            }

            SpendLogRowWriter.Write(writer, stored, damage);
        }

        context.Items[DamagedRowsKey] = damaged;
    }

    private async Task WriteDailyTotalsAsync(HttpContext context, List<StoredRow> rows)
    {
        var days = new SortedDictionary<DateOnly, (double Spend, SortedDictionary<string, double> Models, SortedDictionary<string, double> Users)>();
        foreach (var stored in rows)
        {
            var day = DateOnly.FromDateTime(stored.Row.StartTime.UtcDateTime);
            if (!days.TryGetValue(day, out var totals))
            {
                totals = (0, new(StringComparer.Ordinal), new(StringComparer.Ordinal));
            }

            totals.Spend += stored.Row.Spend;
            var model = stored.Row.Model ?? string.Empty;
            totals.Models[model] = totals.Models.GetValueOrDefault(model) + stored.Row.Spend;
            var user = stored.Row.User ?? string.Empty;
            totals.Users[user] = totals.Users.GetValueOrDefault(user) + stored.Row.Spend;
            days[day] = totals;
        }

        await WriteBodyAsync(context, writer =>
        {
            writer.WriteStartArray();
            foreach (var (day, totals) in days)
            {
                writer.WriteStartObject();
                writer.WriteString("startTime", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.WritePropertyName("spend");
                writer.WriteRawValue(SpendLogRowWriter.PythonFloat(totals.Spend), skipInputValidation: true);
                WriteSpendMap(writer, "models", totals.Models);
                WriteSpendMap(writer, "users", totals.Users);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static void WriteSpendMap(Utf8JsonWriter writer, string name, SortedDictionary<string, double> map)
    {
        writer.WriteStartObject(name);
        foreach (var (key, spend) in map)
        {
            writer.WritePropertyName(key);
            writer.WriteRawValue(SpendLogRowWriter.PythonFloat(spend), skipInputValidation: true);
        }

        writer.WriteEndObject();
    }

    private List<StoredRow> Visible(string? requestId, bool matchCallId) =>
        state.Store.Visible(state.Options.TimeProvider.GetUtcNow(), state.VisibilityDelay, requestId, matchCallId);

    private static bool MatchesV2(StoredRow stored, IQueryCollection query, bool matchCallId)
    {
        var row = stored.Row;
        return (Equal(query, "request_id", row.RequestId) || (matchCallId && row.LiteLLMCallId is not null && Equal(query, "request_id", row.LiteLLMCallId)))
            && Equal(query, "user_id", row.User)
            && Equal(query, "team_id", row.TeamId)
            && Equal(query, "model", row.Model)
            && Equal(query, "model_id", row.ModelId)
            && Equal(query, "model_group", row.ModelGroup)
            && Equal(query, "end_user", row.EndUser)
            && Equal(query, "api_key", row.ApiKey)
            && Contains(query, "key_alias", stored.KeyAlias)
            && Contains(query, "session_id", row.SessionId)
            && Equal(query, "error_code", stored.ErrorCode)
            && Contains(query, "error_message", stored.ErrorMessage)
            && StatusMatches(Single(query, "status_filter"), row.Status)
            && SpendInRange(query, row.Spend);
    }

    private static bool Equal(IQueryCollection query, string name, string? value) =>
        Single(query, name) is not { Length: > 0 } wanted || string.Equals(wanted, value, StringComparison.Ordinal);

    private static bool Contains(IQueryCollection query, string name, string? value) =>
        Single(query, name) is not { Length: > 0 } wanted || (value is not null && value.Contains(wanted, StringComparison.OrdinalIgnoreCase));

    private static bool StatusMatches(string? wanted, string? status)
    {
        if (string.IsNullOrEmpty(wanted))
        {
            return true;
        }

        // "success" also matches legacy rows with a NULL status.
        return string.Equals(wanted, "success", StringComparison.Ordinal)
            ? status is null || status == "success"
            : string.Equals(wanted, status, StringComparison.Ordinal);
    }

    private static bool SpendInRange(IQueryCollection query, double spend)
    {
        if (Single(query, "min_spend") is { } min && double.TryParse(min, NumberStyles.Float, CultureInfo.InvariantCulture, out var low) && spend < low)
        {
            return false;
        }

        return !(Single(query, "max_spend") is { } max && double.TryParse(max, NumberStyles.Float, CultureInfo.InvariantCulture, out var high) && spend > high);
    }

    private static Comparison<StoredRow> Comparer(string sortBy, bool descending)
    {
        Comparison<StoredRow> compare = sortBy switch
        {
            "spend" => static (a, b) => a.Row.Spend.CompareTo(b.Row.Spend),
            "total_tokens" => static (a, b) => Total(a.Row).CompareTo(Total(b.Row)),
            "endTime" => static (a, b) => a.Row.EndTime.CompareTo(b.Row.EndTime),
            "request_duration_ms" => static (a, b) => Nullable.Compare(a.Row.RequestDurationMs, b.Row.RequestDurationMs),
            "model" => static (a, b) => string.CompareOrdinal(a.Row.Model, b.Row.Model),
            "ttft_ms" => static (a, b) => Ttft(a.Row).CompareTo(Ttft(b.Row)),
            _ => static (a, b) => a.Row.StartTime.CompareTo(b.Row.StartTime),
        };
        return (a, b) =>
        {
            var order = descending ? compare(b, a) : compare(a, b);
            return order != 0 ? order : a.Sequence.CompareTo(b.Sequence);
        };

        static long Total(SpendLogRow row) => row.TotalTokens ?? row.PromptTokens + row.CompletionTokens;

        static TimeSpan Ttft(SpendLogRow row) => (row.CompletionStartTime ?? row.EndTime) - row.StartTime;
    }

    private static async Task<int?> ReadIntAsync(HttpContext context, string name, int fallback, int min, int max)
    {
        var text = Single(context.Request.Query, name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            await ProxyResponses.WriteValidationErrorAsync(
                context, name, "Input should be a valid integer, unable to parse string as an integer", "int_parsing", text).ConfigureAwait(false);
            return null;
        }

        if (value < min)
        {
            await ProxyResponses.WriteValidationErrorAsync(
                context, name, "Input should be greater than or equal to " + min.ToString(CultureInfo.InvariantCulture), "greater_than_equal", text)
                .ConfigureAwait(false);
            return null;
        }

        if (value > max)
        {
            await ProxyResponses.WriteValidationErrorAsync(
                context, name, "Input should be less than or equal to " + max.ToString(CultureInfo.InvariantCulture), "less_than_equal", text)
                .ConfigureAwait(false);
            return null;
        }

        return value;
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out StringValues values) && values.Count > 0 ? values[^1] : null;

    /// <summary>v2 window bounds: <c>yyyy-MM-dd HH:mm:ss</c> or <c>yyyy-MM-dd</c> (midnight at the start of the day), UTC.</summary>
    private static bool TryParseWindowDate(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(
            text,
            ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value);

    private static bool TryParseDay(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(
            text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
