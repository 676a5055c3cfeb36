using System.Diagnostics;

namespace UsageAnalytics.TestSupport;

/// <summary>
/// Runs a real headless Chromium (Debian package <c>chromium</c>; <c>CHROMIUM_PATH</c> overrides
/// <c>/usr/bin/chromium</c>) once per call, with a fresh profile directory that is deleted afterwards, and kills the
/// whole process tree when it outlives the timeout, so a test can never hang on the browser.
/// </summary>
public static class HeadlessChromium
{
    /// <summary>The flags every run starts with: headless, no sandbox (CI runs as root), and nothing that reaches the
    /// network on its own (background networking, component updates, sync, QUIC).</summary>
    public static readonly IReadOnlyList<string> BaseFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic",
    ];

    /// <summary>Gets the Chromium executable, or null when it is not installed.</summary>
    public static string? ExecutablePath { get; } = Find();

    /// <summary>Runs Chromium with <see cref="BaseFlags"/>, a fresh <c>--user-data-dir</c> and <paramref name="arguments"/>.</summary>
    /// <returns>Its standard output (the DOM for <c>--dump-dom</c>).</returns>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/> (it has been killed).</exception>
    /// <exception cref="InvalidOperationException">It is not installed or exited with a non-zero code.</exception>
    public static async Task<string> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var executable = ExecutablePath ?? throw new InvalidOperationException("Chromium is not installed.");
        var profile = Directory.CreateTempSubdirectory("usage-report-chromium-");
        try
        {
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var flag in BaseFlags)
            {
                start.ArgumentList.Add(flag);
            }

            start.ArgumentList.Add("--user-data-dir=" + profile.FullName);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                throw new TimeoutException($"Chromium ran longer than {timeout.TotalSeconds} s and was killed.");
            }

            var stdout = await output;
            var stderr = await errors;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"Chromium exited with {process.ExitCode}: {stderr}");
            }

            return stdout;
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A crash reporter may still hold a file; the temp folder is cleaned by the OS.
            }
        }
    }

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        var path = string.IsNullOrWhiteSpace(configured) ? "/usr/bin/chromium" : configured;
        return File.Exists(path) ? path : null;
    }
}
