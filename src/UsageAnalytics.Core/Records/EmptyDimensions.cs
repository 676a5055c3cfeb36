using System.Collections.ObjectModel;

namespace UsageAnalytics.Records;

/// <summary>The shared empty, read-only dimension map.</summary>
internal static class EmptyDimensions
{
    public static readonly IReadOnlyDictionary<string, string> Instance =
        new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(StringComparer.Ordinal));
}
