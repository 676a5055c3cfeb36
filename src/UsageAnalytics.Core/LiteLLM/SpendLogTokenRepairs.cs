namespace UsageAnalytics.LiteLLM;

/// <summary>
/// The repairs a spend-log row's token counts needed when it was read: each flag names what the proxy sent and what
/// <see cref="SpendLogEntry.Parse(string)"/> made of it. <see cref="None"/> when the counts already agreed.
/// </summary>
/// <remarks>
/// <para>
/// One rule, applied to every row when it is read, so that the entry's counts always satisfy
/// <see cref="SpendLogEntry.TotalTokens"/> = <see cref="SpendLogEntry.PromptTokens"/> +
/// <see cref="SpendLogEntry.CompletionTokens"/>, <see cref="SpendLogEntry.CachedPromptTokens"/> +
/// <see cref="SpendLogEntry.CacheWriteTokens"/> ≤ <see cref="SpendLogEntry.PromptTokens"/> (LiteLLM prices cache reads
/// and writes as part of the prompt) and <see cref="SpendLogEntry.ReasoningTokens"/> ≤
/// <see cref="SpendLogEntry.CompletionTokens"/>, as <see cref="Records.UsageRecord"/> requires. The steps, in order:
/// </para>
/// <list type="number">
/// <item><description><b>Read.</b> <c>prompt_tokens</c>, <c>completion_tokens</c>, <c>total_tokens</c> from the row;
/// cache reads from <c>metadata.usage_object</c> (then <c>metadata.additional_usage_values</c>)
/// <c>prompt_tokens_details.cached_tokens</c> or <c>cache_read_input_tokens</c>, cache writes from
/// <c>cache_creation_input_tokens</c> or <c>prompt_tokens_details.cache_creation_tokens</c>, reasoning from
/// <c>completion_tokens_details.reasoning_tokens</c>, the first positive value winning. A count is a whole number, or a
/// number in a string, from 0 to 10^12. Absent or null is LiteLLM's "unknown" and reads as 0 without a flag; a fraction
/// (which LiteLLM's integer columns never hold) is truncated toward zero without a flag, since it moves the count by less
/// than one token. Anything else is <see cref="InvalidCount"/> and reads as 0.</description></item>
/// <item><description><b>Cache counts outside the prompt.</b> Cache reads above the prompt count mean the prompt was
/// sent without its cached part, as Anthropic's own <c>input_tokens</c> is (LiteLLM PR 23342 proposes the same for
/// <c>anthropic_messages</c> rows); every such convention leaves the cache writes out too, so both are added to the
/// prompt. Otherwise, reads plus writes above the prompt mean only the writes were left out (LiteLLM builds whose
/// Anthropic usage adds reads but not writes, issue 11364): the writes are added. Flag:
/// <see cref="CacheOutsidePrompt"/>.</description></item>
/// <item><description><b>Reasoning outside the completion.</b> Reasoning tokens above the completion count mean the
/// completion was sent without them (Vertex AI's <c>candidatesTokenCount</c>, which excludes
/// <c>thoughtsTokenCount</c>): they are added to the completion. Flag:
/// <see cref="ReasoningOutsideCompletion"/>.</description></item>
/// <item><description><b>Total.</b> With sum = prompt + completion after the steps above: a total of 0 (unknown) or
/// equal to the sum needs nothing. A total above the sum with no prompt count (absent, 0 or unreadable) gives the prompt
/// count: total − completion (<see cref="TotalWithoutPrompt"/>). A total above the sum by exactly the reasoning count
/// means the reasoning tokens were outside the completion (as in the previous step,
/// <see cref="ReasoningOutsideCompletion"/>). Any other total above the sum holds thinking tokens counted only in the
/// total (Gemini's <c>totalTokenCount</c> includes <c>thoughtsTokenCount</c>; any-llm issue 1290, vercel/ai issue
/// 6082): the difference is added to the completion and to the reasoning count (<see cref="TotalAboveSum"/>). Gemini
/// also counts <c>toolUsePromptTokenCount</c> only in its total; such tokens cannot be told apart from thinking tokens
/// and are treated the same. A total below the sum is replaced by the sum; it is flagged
/// <see cref="TotalBelowSum"/> unless it equalled prompt + completion as sent, the shortfall then being exactly what
/// the cache or reasoning step added. The entry's total is always the sum.</description></item>
/// </list>
/// <para>
/// A row whose counts already satisfy the invariants, with a total of 0 or equal to prompt + completion, is never
/// changed (a total of 0 becomes prompt + completion) and never flagged. What the rule cannot see: cache writes left
/// outside a prompt count that still covers reads plus writes (with no reads outside it), or reasoning left outside a
/// completion count that still covers it, with a total of 0 or one that leaves them out too, look like consistent rows
/// and are kept as sent. After the rule each count is at most
/// 3 × 10^12 and the total at most 5 × 10^12, so no sum of one row can overflow.
/// </para>
/// <para>Flags combine: a row can need several repairs. Count repaired rows by testing
/// <c>entry.TokenRepairs != SpendLogTokenRepairs.None</c>, or one reason with <see cref="Enum.HasFlag(Enum)"/>.</para>
/// </remarks>
[Flags]
public enum SpendLogTokenRepairs
{
    /// <summary>The counts were read as sent: they already agreed, or the total was 0 (unknown) and became prompt +
    /// completion.</summary>
    None = 0,

    /// <summary>Seen: a token count that was negative, above 10^12, not finite, or not a number (a word, a boolean, an
    /// object). Done: read as 0, LiteLLM's own "unknown" (for the cache and reasoning counts, the next source in the
    /// usage metadata, if any, is used instead).</summary>
    InvalidCount = 1,

    /// <summary>Seen: cache reads (or reads plus writes) above the prompt count, the cached part reported beside the
    /// prompt instead of inside it. Done: reads and writes added to the prompt when the reads alone exceeded it, the
    /// writes only otherwise, so that cached + cache-write ≤ prompt.</summary>
    CacheOutsidePrompt = 2,

    /// <summary>Seen: reasoning tokens above the completion count, or a total exceeding prompt + completion by exactly
    /// the reasoning count. Done: the reasoning tokens added to the completion, so that reasoning ≤ completion.</summary>
    ReasoningOutsideCompletion = 4,

    /// <summary>Seen: a total above prompt + completion (thinking tokens counted only in the total; for example prompt
    /// 20, completion 198, total 623). Done: the difference (405) added to the completion and to the reasoning tokens,
    /// so the row keeps its total (prompt 20, completion 603, reasoning 405, total 623).</summary>
    TotalAboveSum = 8,

    /// <summary>Seen: a non-zero total below prompt + completion, not explained by a cache or reasoning repair. Done:
    /// prompt and completion kept (they are the counts LiteLLM prices), the total replaced by their sum.</summary>
    TotalBelowSum = 16,

    /// <summary>Seen: a total above the completion count with no prompt count (absent, 0 or unreadable): an embedding
    /// row that carries only its total, or a prompt count that could not be read. Done: the prompt count taken as total −
    /// completion, so the row keeps its total.</summary>
    TotalWithoutPrompt = 32,
}
