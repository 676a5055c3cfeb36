namespace UsageAnalytics.TestSupport;

/// <summary>A fact that is skipped, with the reason, when headless Chromium is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Initializes the attribute.</summary>
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.ExecutablePath is null)
        {
            Skip = "Chromium is not installed (no /usr/bin/chromium and no CHROMIUM_PATH): install the Debian package "
                + "'chromium' (.ci/run does) to run the real-browser report test.";
        }
    }
}
