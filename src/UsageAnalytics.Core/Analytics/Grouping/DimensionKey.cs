using System.Runtime.CompilerServices;

namespace UsageAnalytics.Analytics;

/// <summary>
/// The one rule for dimension values, used by summaries, groups, queries and filters alike: a <see langword="null"/>,
/// empty or white-space value is no value. Rows without a value form the group whose key is
/// <see langword="null"/> (shown as <see cref="UsageGroup.NoneLabel"/>); every other value is its own group,
/// compared ordinally (case and surrounding spaces matter: <c>"GPT-4o"</c> and <c>"gpt-4o"</c> are two groups).
/// </summary>
internal static class DimensionKey
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
