using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>
/// An in-process emulator of a LiteLLM proxy's spend-log endpoints (<c>GET /spend/logs/v2</c> and
/// <c>GET /spend/logs</c>) on Kestrel, bound to 127.0.0.1 on a free port.
/// </summary>
/// <remarks>
/// Rows can be added and faults flipped while it runs. Only the spend-log routes exist; everything else is 404.
/// </remarks>
public sealed class LiteLLMProxyEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;

    private LiteLLMProxyEmulator(WebApplication app, EmulatorState state, Uri baseUrl)
    {
        _app = app;
        _state = state;
        BaseUrl = baseUrl;
    }

    /// <summary>Gets the base URL, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Gets the master key clients must send.</summary>
    public string ApiKey => _state.Options.ApiKey;

    /// <summary>Gets or sets the faults injected from now on.</summary>
    public EmulatorFaults Faults
    {
        get => _state.Faults;
        set => _state.Faults = value;
    }

    /// <summary>Gets or sets how long after its startTime a row becomes visible (LiteLLM's batch writer).</summary>
    public TimeSpan VisibilityDelay
    {
        get => _state.VisibilityDelay;
        set => _state.VisibilityDelay = value;
    }

    /// <summary>Gets or sets whether to behave like an old build (see <see cref="EmulatorOptions.OldBuild"/>).</summary>
    public bool OldBuild
    {
        get => _state.OldBuild;
        set => _state.OldBuild = value;
    }

    /// <summary>Gets the number of rows stored (visible or not yet).</summary>
    public int RowCount => _state.Store.Count;

    /// <summary>Gets the number of spend-log requests received, rejected ones included.</summary>
    public long RequestCount => _state.RequestCount;

    /// <summary>
    /// Gets the number of spend-log requests that passed authentication: the ones the fault switches apply to (the
    /// denominator of every request-level fault fraction).
    /// </summary>
    public long SpendLogRequests => _state.SpendLogRequestCount;

    /// <summary>Gets how many faults were injected so far, by kind (a snapshot).</summary>
    public EmulatorFaultCounts InjectedFaults => _state.InjectedFaults;

    /// <summary>
    /// Gets the path and query of the last spend-log requests received (at most 1,000, oldest first), for tests to
    /// check what a client sent. Headers, and so keys, are never recorded.
    /// </summary>
    public IReadOnlyList<string> RecentRequests => _state.RecentRequests;

    /// <summary>Starts an emulator.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop.</returns>
    public static async Task<LiteLLMProxyEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPageSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TotalCap, 1, nameof(options));

        var state = new EmulatorState(options);
        state.Store.Add(options.Rows);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(LiteLLMProxyEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.WebHost.UseSetting(WebHostDefaults.PreventHostingStartupKey, "true");

        var app = builder.Build();
        var endpoints = new SpendLogEndpoints(state);
        app.MapGet("/spend/logs/v2", endpoints.HandleV2Async);
        app.MapGet("/spend/logs", endpoints.HandleV1Async);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new LiteLLMProxyEmulator(app, state, new Uri($"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/"));
    }

    /// <summary>Adds rows to the spend-log table.</summary>
    /// <param name="rows">The rows.</param>
    public void AddRows(IEnumerable<SpendLogRow> rows) => _state.Store.Add(rows);

    /// <summary>Adds one row to the spend-log table.</summary>
    /// <param name="row">The row.</param>
    public void AddRow(SpendLogRow row) => _state.Store.Add([row]);

    /// <summary>Removes every row (as a retention job would).</summary>
    public void ClearRows() => _state.Store.Clear();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
