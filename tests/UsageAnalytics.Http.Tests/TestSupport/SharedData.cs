namespace UsageAnalytics.TestSupport;

/// <summary>
/// Locates the team's shared test data (<c>../shared/data</c> beside the repository). The data is never copied
/// into the repository; tests that need it use <see cref="SharedDataFactAttribute"/> and skip when it is absent.
/// </summary>
public static class SharedData
{
    /// <summary>Gets the <c>shared/data</c> directory, or null when it is not beside the repository.</summary>
    public static string? Directory { get; } = Find();

    /// <summary>Gets the full path of a file under <c>shared/data</c>.</summary>
    public static string PathOf(string relative)
    {
        var root = Directory ?? throw new InvalidOperationException("shared/data is not available.");
        return Path.Combine(root, relative);
    }

    private static string? Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UsageAnalytics.sln")))
        {
            dir = dir.Parent;
        }

        var candidate = dir?.Parent is { } parent ? Path.Combine(parent.FullName, "shared", "data") : null;
        return candidate is not null && System.IO.Directory.Exists(candidate) ? candidate : null;
    }
}

/// <summary>A fact that is skipped, with a reason, when <c>../shared/data</c> (or a named file in it) is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Initializes the attribute; <paramref name="requiredFile"/> is relative to <c>shared/data</c>.</summary>
    public SharedDataFactAttribute(string requiredFile)
    {
        if (SharedData.Directory is null || !File.Exists(Path.Combine(SharedData.Directory, requiredFile)))
        {
            Skip = $"../shared/data/{requiredFile} is not available beside the repository.";
        }
    }
}
