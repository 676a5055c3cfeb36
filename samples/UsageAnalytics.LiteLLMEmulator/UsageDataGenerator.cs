using System.Globalization;
using System.Text.Json.Nodes;
using UsageAnalytics.Pricing;
using UsageAnalytics.Records;

namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>
/// Generates realistic, seeded LLM traffic with no external data: the spend-log rows a LiteLLM proxy would hold and
/// the usage rows (with estimated costs) the calling application would have stored for the same calls.
/// </summary>
/// <remarks>
/// The mix is skewed towards cheap chat models, with embeddings, speech-to-text and text-to-speech; latencies are
/// log-normal; some calls use the provider's prompt cache or reasoning tokens; about 3% fail. The estimated costs are
/// a few percent off the actual spend, some usage rows lack a request id, and their cost breakdowns vary in shape
/// (<c>request_id</c>, <c>litellm_request_id</c>, nested <c>relay_meta</c>, speech parts). The random draws per call are
/// fixed in number, so the structure (counts of failures, missing ids...) depends on the seed and settings only,
/// never on <see cref="UsageGeneratorOptions.End"/>.
/// </remarks>
public static partial class UsageDataGenerator
{
    private const double SttCostPerSecond = 0.0001;
    private const double TtsCostPerCharacter = 1.5e-05;

    /// <summary>Share of successful chat calls that LiteLLM's response cache answers.</summary>
    private const double CacheHitShare = 0.015;

    // Salts of decisions drawn from a call's own ids rather than the seeded stream, so adding them kept every other
    // draw (and so every figure generated before) unchanged.
    private const ulong CallIdKeyedSalt = 101;
    private const ulong HiddenThinkingSalt = 102;
    private const ulong CacheHitDelaySalt = 103;
    private const ulong CacheHitLatencySalt = 104;

    private static readonly (string User, string Team, string TeamAlias, string KeyAlias, string Department)[] _people =
    [
        ("user-ana", "team-support", "Support", "support-prod", "customer-care"),
        ("user-ben", "team-support", "Support", "support-prod", "customer-care"),
        ("user-chloe", "team-search", "Search", "search-prod", "product"),
        ("user-dev", "team-voice", "Voice", "voice-agent-prod", "product"),
        ("user-emma", "team-research", "Research", "research-notebook", "research"),
        ("user-femi", "team-support", "Support", "support-batch", "customer-care"),
        ("user-gus", "team-search", "Search", "search-prod", "product"),
        ("user-hana", "team-voice", "Voice", "voice-agent-prod", "product"),
        ("user-ivan", "team-research", "Research", "research-notebook", "research"),
        ("user-jo", "team-search", "Search", "search-staging", "product"),
        ("user-kai", "team-voice", "Voice", "voice-agent-staging", "product"),
        ("user-lena", "team-support", "Support", "support-prod", "customer-care"),
    ];

    private static readonly string[] _errorCodes = ["429", "429", "429", "429", "500", "503", "400", "408"];

    /// <summary>Generates the traffic.</summary>
    /// <param name="options">The settings.</param>
    /// <returns>The spend-log rows and the usage rows, both oldest first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count or day span is negative or zero.</exception>
    public static GeneratedUsage Generate(UsageGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.RowCount, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Days, 1, nameof(options));

        var random = new Random(options.Seed);
        var proxyOnly = (int)Math.Round(options.RowCount * options.ProxyOnlyRate);
        var calls = new List<Call>(options.RowCount + proxyOnly);
        for (var i = 0; i < options.RowCount + proxyOnly; i++)
        {
            calls.Add(DrawCall(random, options, fromApp: i < options.RowCount));
        }

        LinkCacheHits(calls, options.End);
        calls.Sort(static (a, b) => a.Start.CompareTo(b.Start));

        var sessions = new Dictionary<string, (string Id, DateTimeOffset Last)>(StringComparer.Ordinal);
        var spendLogs = new List<SpendLogRow>(calls.Count);
        var usage = new List<UsageRecord>(options.RowCount);
        foreach (var call in calls)
        {
            var session = sessions.TryGetValue(call.User, out var open) && call.Start - open.Last < TimeSpan.FromMinutes(30) && call.ContinueSession
                ? open.Id
                : "sess-" + call.SessionSuffix;
            sessions[call.User] = (session, call.Start);
            var row = BuildRow(call, session, options.PriceBook);
            if (!call.Unlogged)
            {
                spendLogs.Add(row);
            }

            if (call.FromApp)
            {
                usage.Add(BuildUsage(call, row, options));
            }
        }

        return new GeneratedUsage { SpendLogs = spendLogs, UsageRecords = usage };
    }

    /// <summary>
    /// Turns some successful chat calls into response-cache hits of an earlier call: the same model and tokens, a few
    /// seconds to ten minutes later. The original is the nearest earlier call in draw order (never in time order, so which
    /// calls pair up does not depend on <see cref="UsageGeneratorOptions.End"/>) that the app made and LiteLLM logged.
    /// </summary>
    private static void LinkCacheHits(List<Call> calls, DateTimeOffset end)
    {
        Call? original = null;
        foreach (var call in calls)
        {
            var chatSuccess = call.FromApp && call.Profile.Service == "chat" && !call.Failed;
            if (chatSuccess && call.CacheRoll < CacheHitShare && original is not null)
            {
                // Within a response cache's usual time to live (10 minutes), so within a lookup's window around the hit too.
                var delay = TimeSpan.FromSeconds(5 + (FaultDice.Unit(0, CacheHitDelaySalt, Hash(call.RequestGuid)) * 595));
                var start = original.Start + delay;
                if (start >= end)
                {
                    start = original.Start + ((end - original.Start) / 2);
                }

                call.Original = original;
                call.Profile = original.Profile;
                call.PromptTokens = original.PromptTokens;
                call.CompletionTokens = original.CompletionTokens;
                call.CachedShare = original.CachedShare;
                call.CacheWriteRoll = original.CacheWriteRoll;
                call.ReasoningRoll = original.ReasoningRoll;
                call.ReasoningShare = original.ReasoningShare;
                call.Start = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % 10), TimeSpan.Zero);
                call.LatencyMs = 15 + (FaultDice.Unit(0, CacheHitLatencySalt, Hash(call.RequestGuid)) * 60);
                call.TtftMs = call.LatencyMs * 0.5;
                continue;
            }

            if (chatSuccess && !call.Unlogged)
            {
                original = call;
            }
        }
    }

    /// <summary>The provider's response id LiteLLM keys the call's row by (<c>chatcmpl-…</c> for chat).</summary>
    private static string ProviderId(Call call) => call.Profile.Service switch
    {
        "chat" => "chatcmpl-" + call.RequestGuid.ToString("D"),
        _ => call.RequestGuid.ToString("D"),
    };

    /// <summary>Python's <c>time.time()</c> at an instant, as LiteLLM appends it to a cache hit's id (<c>1754490602.473142</c>).</summary>
    private static string PythonTime(DateTimeOffset instant) =>
        SpendLogRowWriter.PythonFloat((instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond);

    private static ulong Hash(Guid id) => FaultDice.Hash(id.ToString("N"));

    private static Call DrawCall(Random random, UsageGeneratorOptions options, bool fromApp)
    {
        // Every draw below happens for every call, whatever the branch: the structure never depends on End.
        var profile = Pick(random, ModelProfile.Catalog, static p => p.Weight);
        var personIndex = PickIndex(random, _people.Length);
        var dayOffset = random.Next(options.Days);
        var hour = PickHour(random);
        var secondOfHour = random.NextDouble() * 3600;
        var recent = random.NextDouble() < options.RecentRate;
        var recentSeconds = 1 + (random.NextDouble() * 29);
        var failed = random.NextDouble() < options.FailureRate;
        var errorCode = _errorCodes[random.Next(_errorCodes.Length)];
        var failedInstantly = random.NextDouble() < 0.5;
        var legacyStatus = random.NextDouble() < 0.05;
        var cacheRoll = random.NextDouble();
        var promptTokens = (long)Math.Round(LogNormal(random, profile.Service == "embeddings" ? 350 : 1100, 0.9));
        var completionTokens = (long)Math.Round(LogNormal(random, profile.Service == "chat" ? 280 : 0.0001, 0.8));
        var cachedShare = random.NextDouble();
        var cacheWriteRoll = random.NextDouble();
        var reasoningRoll = random.NextDouble();
        var reasoningShare = 0.3 + (random.NextDouble() * 0.5);
        var audioSeconds = 3 + (random.NextDouble() * 87);
        var characters = 40 + random.Next(900);
        var latency = LogNormal(random, profile.MedianLatencyMs, 0.5);
        var streaming = random.NextDouble() < 0.5;
        var ttft = LogNormal(random, 380, 0.4);
        var appOverheadMs = 5 + (random.NextDouble() * 35);
        var estimateNoise = Gaussian(random);
        var missingId = random.NextDouble() < options.MissingRequestIdRate;
        var unlogged = random.NextDouble() < options.UnloggedRate;
        var idShape = random.NextDouble();
        var voiceRoll = random.NextDouble();
        var voiceSttSeconds = 2 + (random.NextDouble() * 18);
        var voiceTtsCharacters = 60 + random.Next(500);
        var wireStyle = random.NextDouble();
        var metadataAsString = random.NextDouble() < 0.3;
        var tagsAsString = random.NextDouble() < 0.2;
        var extraFields = random.NextDouble() < 0.25;
        var hasDuration = random.NextDouble() < 0.6;
        var teamOnlyInMetadata = random.NextDouble() < 0.1;
        var continueSession = random.NextDouble() < 0.65;
        var idBytes = new byte[16];
        random.NextBytes(idBytes);
        var callIdBytes = new byte[16];
        random.NextBytes(callIdBytes);
        var sessionSuffix = random.Next(0x10000000, int.MaxValue).ToString("x8", CultureInfo.InvariantCulture);
        var staging = random.NextDouble() < 0.1;

        var dayStart = new DateTimeOffset(options.End.UtcDateTime.Date, TimeSpan.Zero).AddDays(-dayOffset);
        var start = dayStart.AddHours(hour).AddSeconds(secondOfHour);
        while (start >= options.End)
        {
            start = start.AddDays(-1);
        }

        if (start < options.End.AddDays(-options.Days))
        {
            start = start.AddDays(1);
        }

        if (recent)
        {
            start = options.End.AddSeconds(-recentSeconds);
        }

        // Microsecond precision, as Postgres stores it.
        start = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % 10), TimeSpan.Zero);

        var person = fromApp ? _people[personIndex] : ("ci-bot", "team-platform", "Platform", "ci-evals", "platform");
        return new Call
        {
            Profile = profile,
            FromApp = fromApp,
            User = person.Item1,
            Team = person.Item2,
            TeamAlias = person.Item3,
            KeyAlias = person.Item4,
            Department = person.Item5,
            Start = start,
            Failed = failed,
            ErrorCode = errorCode,
            FailedInstantly = failedInstantly,
            LegacyStatus = legacyStatus,
            CacheRoll = cacheRoll,
            PromptTokens = Math.Max(profile.Service is "chat" or "embeddings" ? 8 : 0, profile.Service is "chat" or "embeddings" ? promptTokens : 0),
            CompletionTokens = profile.Service == "chat" ? Math.Max(1, completionTokens) : 0,
            CachedShare = cachedShare,
            CacheWriteRoll = cacheWriteRoll,
            ReasoningRoll = reasoningRoll,
            ReasoningShare = reasoningShare,
            AudioSeconds = audioSeconds,
            Characters = characters,
            LatencyMs = latency,
            Streaming = streaming && profile.Service == "chat",
            TtftMs = Math.Min(ttft, latency * 0.8),
            AppOverheadMs = appOverheadMs,
            EstimateNoise = options.EstimateError * estimateNoise,
            MissingId = fromApp && missingId,
            Unlogged = fromApp && !missingId && unlogged,
            IdShape = idShape,
            Voice = profile.Service == "chat" && person.Item2 == "team-voice" && voiceRoll < 0.8,
            VoiceSttSeconds = voiceSttSeconds,
            VoiceTtsCharacters = voiceTtsCharacters,
            WireStyle = wireStyle,
            MetadataAsString = metadataAsString,
            TagsAsString = tagsAsString,
            ExtraFields = extraFields,
            HasDuration = hasDuration,
            TeamOnlyInMetadata = teamOnlyInMetadata,
            ContinueSession = continueSession,
            RequestGuid = new Guid(idBytes),
            CallGuid = new Guid(callIdBytes),
            SessionSuffix = sessionSuffix,
            Environment = staging ? "staging" : "prod",
        };
    }

    private static SpendLogRow BuildRow(Call call, string session, PriceBook? book)
    {
        var profile = call.Profile;
        var cacheHit = call.Original is not null;
        var cacheEnabled = call.CacheRoll < 0.25;
        var prompt = call.Failed ? 0 : call.PromptTokens;
        var completion = call.Failed ? 0 : call.CompletionTokens;
        long cached = 0, cacheWrite = 0, reasoning = 0;
        if (!call.Failed && profile.Service == "chat")
        {
            if (profile.CacheReadCost > 0 && prompt >= 1024 && call.CachedShare < 0.4)
            {
                // OpenAI caches in 128-token steps past the first 1,024.
                cached = profile.Provider == "openai"
                    ? 1024 + ((long)((prompt - 1024) * call.CachedShare * 2) / 128 * 128)
                    : (long)(prompt * (0.3 + call.CachedShare));
                cached = Math.Min(cached, prompt);
            }

            if (profile.CacheWriteCost > 0 && call.CacheWriteRoll < 0.15)
            {
                cacheWrite = Math.Min(prompt - cached, (long)(prompt * 0.4));
            }

            if (call.ReasoningRoll < profile.ReasoningShare)
            {
                reasoning = (long)(completion * call.ReasoningShare);
            }
        }

        // Some thinking paths report the thinking only in total_tokens (prompt 20, completion 198, total 623).
        var hiddenThinking = reasoning > 0 && HiddenThinking(call.Original ?? call);
        var reportedCompletion = hiddenThinking ? completion - reasoning : completion;

        // What LiteLLM bills: its own token counts (thinking included even where the row hides it), the cache-write
        // lifetimes Anthropic reported, the service tier, the audio's seconds or the input's characters.
        (call.CacheWriteFiveMinute, call.CacheWriteOneHour) = CacheWriteSplit(call, cacheWrite);
        call.ServiceTier = ServiceTier(call);
        var billed = new UsageRecord
        {
            Timestamp = call.Start,
            Provider = profile.Provider,
            Model = profile.Model,
            PromptTokens = prompt,
            CompletionTokens = completion,
            CachedPromptTokens = cached,
            CacheWriteTokens = cacheWrite,
            CacheWriteFiveMinuteTokens = call.CacheWriteFiveMinute,
            CacheWriteOneHourTokens = call.CacheWriteOneHour,
            ReasoningTokens = reasoning,
            AudioDurationSeconds = profile.Service == "stt" ? call.BilledSeconds : null,
            CharacterCount = profile.Service == "tts" ? call.Characters : null,
            Dimensions = Tier(call.ServiceTier),
        };
        var spend = call.Failed || cacheHit ? 0 : Spend(book, billed, profile);

        var latency = call.Failed && call.FailedInstantly ? 0 : call.Failed ? call.LatencyMs / 4 : call.LatencyMs;
        var end = call.Start.AddMilliseconds(Math.Round(latency, 3));
        // A cache hit is LiteLLM's own row: the original's id, suffixed with the time of the hit.
        var requestId = cacheHit ? ProviderId(call.Original!) + "_cache_hit" + PythonTime(call.Start) : ProviderId(call);

        var tags = new List<string> { "env:" + call.Environment, "team:" + call.TeamAlias.ToLowerInvariant() };
        if (call.Voice)
        {
            tags.Add("feature:voice-turn");
        }

        var metadata = new JsonObject
        {
            ["user_api_key_alias"] = call.KeyAlias,
            ["user_api_key_team_id"] = call.Team,
            ["user_api_key_team_alias"] = call.TeamAlias,
            ["user_api_key_user_id"] = call.User,
            ["litellm_call_id"] = call.CallGuid.ToString("D"),
            ["spend_logs_metadata"] = new JsonObject { ["department"] = call.Department },
            ["attempted_retries"] = call.Failed ? 2 : 0,
            ["attempted_fallbacks"] = null,
            ["usage_object"] = UsageObject(call, prompt, reportedCompletion, prompt + completion, cached, cacheWrite, reasoning),
            ["status"] = call.Failed ? "failure" : "success",
            ["error_information"] = call.Failed ? ErrorInformation(call) : null,
        };
        if (profile.Provider == "openai" && profile.Service == "chat")
        {
            metadata["additional_usage_values"] = new JsonObject
            {
                ["completion_tokens_details"] = reasoning > 0 ? new JsonObject { ["reasoning_tokens"] = reasoning } : null,
                ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = cached, ["audio_tokens"] = null },
            };
        }

        var style = call.WireStyle switch
        {
            < 0.7 => SpendLogTimestampStyle.IsoOffset,
            < 0.9 => SpendLogTimestampStyle.IsoZulu,
            _ => SpendLogTimestampStyle.Naive,
        };
        JsonObject? extra = call.ExtraFields
            ? new JsonObject
            {
                ["proxy_server_request"] = "{}",
                ["ttft_ms_bucket"] = call.Streaming ? "fast" : null,
                ["x_new_field_2026"] = new JsonObject { ["rev"] = 3 },
            }
            : null;
        string status = call.Failed ? "failure" : "success";
        return new SpendLogRow
        {
            RequestId = requestId,
            LiteLLMCallId = call.CallGuid.ToString("D"),
            CallType = profile.CallType,
            ApiKey = call.FromApp ? KeyHash(call.KeyAlias) : "litellm_proxy_master_key",
            Spend = spend,
            PromptTokens = prompt,
            CompletionTokens = reportedCompletion,
            TotalTokens = hiddenThinking ? prompt + completion : null,
            StartTime = call.Start,
            EndTime = end,
            CompletionStartTime = call.Streaming && !call.Failed ? call.Start.AddMilliseconds(Math.Round(call.TtftMs, 3)) : end,
            RequestDurationMs = call.HasDuration ? Math.Round(latency) : null,
            Model = profile.Model,
            ModelId = profile.ModelGroup + "-deployment-1",
            ModelGroup = profile.ModelGroup,
            Provider = profile.Provider,
            ApiBase = profile.ApiBase,
            User = call.User,
            TeamId = call.TeamOnlyInMetadata ? null : call.Team,
            EndUser = call.FromApp ? "customer-" + call.SessionSuffix[..3] : null,
            RequesterIpAddress = call.FromApp ? "10.0.4.17" : "10.0.9.3",
            SessionId = session,
            Status = call.LegacyStatus && !call.Failed && style == SpendLogTimestampStyle.Naive ? null : status,
            CacheHit = cacheHit ? "True" : cacheEnabled ? "False" : "None",
            CacheKey = cacheHit ? "ck-" + call.Original!.CallGuid.ToString("N")[..12] : cacheEnabled ? "ck-" + call.CallGuid.ToString("N")[..12] : "Cache OFF",
            RequestTags = tags,
            Metadata = metadata,
            TimestampStyle = style,
            MetadataAsString = call.MetadataAsString,
            RequestTagsAsString = call.TagsAsString,
            ExtraFields = extra,
        };
    }

    private static UsageRecord BuildUsage(Call call, SpendLogRow row, UsageGeneratorOptions options)
    {
        var profile = call.Profile;

        // The app counts every completion token, thinking included, even where the spend log hides some; some streamed
        // calls' prompt tokens it counted itself.
        var metadata = row.Metadata!;
        var usageObject = metadata["usage_object"]!.AsObject();
        // Anthropic's usage carries the cache read twice (LiteLLM's prompt_tokens_details.cached_tokens and Anthropic's own
        // cache_read_input_tokens): the same tokens, counted once.
        var cached = Math.Max(ReadLong(usageObject, "prompt_tokens_details", "cached_tokens"), ReadLong(usageObject, "cache_read_input_tokens"));
        var cacheWrite = ReadLong(usageObject, "cache_creation_input_tokens");
        var promptTokens = AppPromptTokens(call, row.PromptTokens, cached, cacheWrite);
        var completionTokens = row.TotalTokens is { } total ? total - row.PromptTokens : row.CompletionTokens;
        var quantities = new UsageRecord
        {
            Timestamp = call.Start,
            Provider = profile.Provider,
            Model = profile.Model,
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            CachedPromptTokens = cached,
            CacheWriteTokens = cacheWrite,
            CacheWriteFiveMinuteTokens = call.CacheWriteFiveMinute,
            CacheWriteOneHourTokens = call.CacheWriteOneHour,
            ReasoningTokens = ReadLong(usageObject, "completion_tokens_details", "reasoning_tokens"),
            AudioDurationSeconds = profile.Service == "stt" && !call.Failed ? call.BilledSeconds : null,
            CharacterCount = profile.Service == "tts" && !call.Failed ? call.Characters : null,
        };
        var llmEstimate = call.Failed ? 0m
            : BookEstimate(options.PriceBook, call, quantities with { Dimensions = Tier(call.ServiceTier) })
                ?? Money(EstimateOf(call, promptTokens, completionTokens) * (1 + call.EstimateNoise + 0.01));
        var stt = call.Voice ? Money(call.VoiceSttSeconds * SttCostPerSecond) : 0m;
        var tts = call.Voice ? Money(call.VoiceTtsCharacters * TtsCostPerCharacter) : 0m;

        // A response-cache hit carries the ORIGINAL response's id (the cached body is the original's); some apps key
        // their rows by LiteLLM's call id (the x-litellm-call-id header) instead of the provider's response id.
        var keyedByCallId = call.Original is null && FaultDice.Unit(0, CallIdKeyedSalt, Hash(call.CallGuid)) < options.CallIdKeyedRate;
        var requestId = call.MissingId ? null
            : call.Original is { } original ? ProviderId(original)
            : keyedByCallId ? row.LiteLLMCallId
            : row.RequestId;
        var breakdown = Breakdown(call, requestId, llmEstimate, stt, tts);

        // Some apps keep the id only inside their stored breakdown.
        var recordId = requestId is not null && call.IdShape is >= 0.55 and < 0.62 && breakdown is not null ? null : requestId;

        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["department"] = call.Department,
            ["environment"] = call.Environment,
            ["billing_mode"] = call.Team == "team-support" ? "customer" : "internal",
        };
        if (call.ServiceTier is { } tier)
        {
            dimensions[PriceBook.ServiceTierDimension] = tier;
        }

        return quantities with
        {
            RequestId = recordId,
            Timestamp = call.Start.AddMilliseconds(-Math.Round(call.AppOverheadMs / 2, 3)),
            Service = call.Voice ? "voice" : profile.Service,
            Status = call.Failed ? "failure" : "success",
            ErrorType = call.Failed ? call.ErrorCode : null,
            UserId = call.User,
            TeamId = call.Team,
            KeyAlias = call.KeyAlias,
            SessionId = row.SessionId,
            Tags = row.RequestTags,
            Dimensions = dimensions,
            EstimatedCost = llmEstimate + stt + tts,
            LatencyMs = Math.Round((row.EndTime - row.StartTime).TotalMilliseconds + call.AppOverheadMs, 1),
            TimeToFirstTokenMs = call.Streaming && !call.Failed ? Math.Round(call.TtftMs + (call.AppOverheadMs / 2), 1) : null,
            CacheHit = row.CacheHit switch { "True" => true, "False" => false, _ => null },
            CostBreakdown = breakdown,
        };
    }

    /// <summary>What the application's own price table says: list prices, ignoring the provider's cache discounts.</summary>
    private static double EstimateOf(Call call, long promptTokens, long completionTokens)
    {
        var profile = call.Profile;
        return profile.Service switch
        {
            "stt" => Math.Round(call.AudioSeconds) * profile.InputCost,
            "tts" => call.Characters * profile.InputCost,
            _ => (promptTokens * profile.InputCost * 0.97) + (completionTokens * profile.OutputCost),
        };
    }

    /// <summary>Whether the call's spend-log row reports its thinking tokens only in <c>total_tokens</c>.</summary>
    private static bool HiddenThinking(Call call) => FaultDice.Unit(0, HiddenThinkingSalt, Hash(call.RequestGuid)) < 0.25;

    private static JsonObject? Breakdown(Call call, string? requestId, decimal llm, decimal stt, decimal tts)
    {
        if (call.Voice)
        {
            return new JsonObject
            {
                ["estimated_llm_cost"] = llm,
                ["estimated_stt_cost"] = stt,
                ["estimated_tts_cost"] = call.IdShape < 0.5 ? tts : JsonValue.Create(tts.ToString(CultureInfo.InvariantCulture)),
                ["stt_seconds"] = Math.Round(call.VoiceSttSeconds, 2),
                ["tts_characters"] = call.VoiceTtsCharacters,
                ["relay_meta"] = new JsonObject
                {
                    ["request_id"] = requestId,
                    ["relay"] = "edge-eu-1",
                    ["attempt"] = 1,
                },
            };
        }

        return call.IdShape switch
        {
            < 0.55 => new JsonObject
            {
                ["request_id"] = requestId,
                ["estimated_llm_cost"] = llm,
                ["pricing_table"] = "app-prices-2026-07",
            },
            < 0.70 => new JsonObject
            {
                ["estimated_llm_cost"] = llm,
                ["relay_meta"] = new JsonObject { ["litellm_request_id"] = requestId, ["relay"] = "edge-us-2" },
            },
            < 0.80 => new JsonObject
            {
                ["litellm_request_id"] = requestId,
                ["estimated_llm_cost"] = llm.ToString(CultureInfo.InvariantCulture),
            },
            _ => null,
        };
    }

    private static JsonObject UsageObject(Call call, long prompt, long completion, long total, long cached, long cacheWrite, long reasoning)
    {
        var profile = call.Profile;
        var usage = new JsonObject
        {
            ["completion_tokens"] = completion,
            ["prompt_tokens"] = prompt,
            ["total_tokens"] = total,
            ["completion_tokens_details"] = reasoning > 0 ? new JsonObject { ["reasoning_tokens"] = reasoning } : null,
        };
        if (profile.Provider == "anthropic")
        {
            usage["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = cached, ["audio_tokens"] = null };
            usage["cache_creation_input_tokens"] = cacheWrite;
            usage["cache_read_input_tokens"] = cached;
            if (call.CacheWriteFiveMinute is not null || call.CacheWriteOneHour is not null)
            {
                usage["cache_creation"] = new JsonObject
                {
                    ["ephemeral_5m_input_tokens"] = call.CacheWriteFiveMinute,
                    ["ephemeral_1h_input_tokens"] = call.CacheWriteOneHour,
                };
            }
        }
        else
        {
            usage["prompt_tokens_details"] = cached > 0 ? new JsonObject { ["cached_tokens"] = cached } : null;
        }

        if (call.ServiceTier is { } tier)
        {
            usage["service_tier"] = tier;
        }

        return usage;
    }

    private static JsonObject ErrorInformation(Call call) => new()
    {
        ["error_code"] = call.ErrorCode,
        ["error_class"] = call.ErrorCode switch
        {
            "429" => "RateLimitError",
            "400" => "BadRequestError",
            "408" => "Timeout",
            "503" => "ServiceUnavailableError",
            _ => "InternalServerError",
        },
        ["llm_provider"] = call.Profile.Provider,
        ["error_message"] = "litellm." + (call.ErrorCode == "429" ? "RateLimitError: rate limit reached for requests" : "APIError: upstream error"),
        ["traceback"] = string.Empty,
    };

    private static long ReadLong(JsonObject obj, params string[] path)
    {
        JsonNode? node = obj;
        foreach (var segment in path)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(segment, out var child) ? child : null;
        }

        return node is JsonValue value && value.TryGetValue<long>(out var number) ? number : 0;
    }

    private static Dictionary<string, string> Tier(string? tier) => tier is null
        ? new Dictionary<string, string>(StringComparer.Ordinal)
        : new Dictionary<string, string>(StringComparer.Ordinal) { [PriceBook.ServiceTierDimension] = tier };

    private static string KeyHash(string alias)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("sk-" + alias));
        return Convert.ToHexStringLower(bytes);
    }

    private static decimal Money(double value) => Math.Round((decimal)Math.Max(0, value), 10, MidpointRounding.ToEven);

    private static T Pick<T>(Random random, IReadOnlyList<T> items, Func<T, double> weight)
    {
        var total = items.Sum(weight);
        var roll = random.NextDouble() * total;
        foreach (var item in items)
        {
            roll -= weight(item);
            if (roll < 0)
            {
                return item;
            }
        }

        return items[^1];
    }

    /// <summary>A Zipf-like pick: the first entries are the heavy users.</summary>
    private static int PickIndex(Random random, int count)
    {
        var harmonic = 0.0;
        for (var k = 1; k <= count; k++)
        {
            harmonic += 1.0 / k;
        }

        var roll = random.NextDouble() * harmonic;
        for (var k = 1; k <= count; k++)
        {
            roll -= 1.0 / k;
            if (roll < 0)
            {
                return k - 1;
            }
        }

        return count - 1;
    }

    /// <summary>Working hours (UTC 07–18) are busiest.</summary>
    private static int PickHour(Random random)
    {
        var roll = random.NextDouble() * 24 * 1.5;
        for (var hour = 0; hour < 24; hour++)
        {
            roll -= hour is >= 7 and <= 18 ? 2.5 : 0.5;
            if (roll < 0)
            {
                return hour;
            }
        }

        return 23;
    }

    private static double LogNormal(Random random, double median, double sigma) => median * Math.Exp(sigma * Gaussian(random));

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private sealed class Call
    {
        public required ModelProfile Profile { get; set; }
        public bool FromApp { get; init; }
        public required string User { get; init; }
        public required string Team { get; init; }
        public required string TeamAlias { get; init; }
        public required string KeyAlias { get; init; }
        public required string Department { get; init; }
        public DateTimeOffset Start { get; set; }
        public bool Failed { get; init; }
        public required string ErrorCode { get; init; }
        public bool FailedInstantly { get; init; }
        public bool LegacyStatus { get; init; }
        public double CacheRoll { get; init; }
        public long PromptTokens { get; set; }
        public long CompletionTokens { get; set; }
        public double CachedShare { get; set; }
        public double CacheWriteRoll { get; set; }
        public double ReasoningRoll { get; set; }
        public double ReasoningShare { get; set; }
        public double AudioSeconds { get; init; }
        public int Characters { get; init; }
        public double LatencyMs { get; set; }
        public bool Streaming { get; init; }
        public double TtftMs { get; set; }
        public double AppOverheadMs { get; init; }
        public double EstimateNoise { get; init; }
        public bool MissingId { get; init; }
        public bool Unlogged { get; init; }
        public double IdShape { get; init; }
        public bool Voice { get; init; }
        public double VoiceSttSeconds { get; init; }
        public int VoiceTtsCharacters { get; init; }
        public double WireStyle { get; init; }
        public bool MetadataAsString { get; init; }
        public bool TagsAsString { get; init; }
        public bool ExtraFields { get; init; }
        public bool HasDuration { get; init; }
        public bool TeamOnlyInMetadata { get; init; }
        public bool ContinueSession { get; init; }
        public Guid RequestGuid { get; init; }
        public Guid CallGuid { get; init; }
        public required string SessionSuffix { get; init; }
        public required string Environment { get; init; }

        /// <summary>Gets or sets the cache-write tokens Anthropic reported with a five-minute lifetime, if it reported the split.</summary>
        public long? CacheWriteFiveMinute { get; set; }

        /// <summary>Gets or sets the cache-write tokens Anthropic reported with a one-hour lifetime, if it reported the split.</summary>
        public long? CacheWriteOneHour { get; set; }

        /// <summary>Gets or sets OpenAI's service tier of the call, if not the standard one.</summary>
        public string? ServiceTier { get; set; }

        /// <summary>Gets the audio's duration as billed and recorded: seconds to the hundredth.</summary>
        public decimal BilledSeconds => Math.Round((decimal)AudioSeconds, 2);

        /// <summary>Gets or sets the call whose cached response this one got (LiteLLM's response cache), if any.</summary>
        public Call? Original { get; set; }
    }
}
