#if NET10_0_OR_GREATER
using System.Globalization;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using UsageAnalytics.LiteLLMEmulator;

namespace UsageAnalytics.LiteLLM;

/// <summary>Listings against the emulator over a real socket: window splitting at a small total cap, and its 422.</summary>
public sealed class SpendLogListingEmulatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 8, 6, 15, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListAsync_GeneratedHistoryWithTotalCap50_EveryRowOnceAndNoOffsetReachesTheCap()
    {
        var generated = UsageDataGenerator.Generate(new UsageGeneratorOptions { End = Now, RowCount = 400, Days = 1 });
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { Rows = generated.SpendLogs, TotalCap = 50 });
        using var services = EmulatedFaultMeasurementTests.Services(emulator, overrides: null);
        var query = new SpendLogQuery { From = Now.AddDays(-2), To = Now, PageSize = 10 };
        var listing = new SpendLogListing(query) { SplitThreshold = 50 };

        var ids = new List<string>();
        await foreach (var row in services.GetRequiredService<ISpendLogClient>().ListAsync(listing))
        {
            ids.Add(row.RequestId);
        }

        var expected = generated.SpendLogs.Where(r => r.StartTime >= query.From && r.StartTime <= query.To).Select(r => r.RequestId).Distinct().ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.True(listing.IsComplete);
        Assert.Equal(expected.Count, listing.RowsDelivered);
        var offsets = emulator.RecentRequests.Select(Offset).ToList();
        Assert.True(offsets.Count > 40, $"{offsets.Count} requests");
        Assert.All(offsets, offset => Assert.InRange(offset, 0, 49));
    }

    [Fact]
    public async Task ListAsync_PageSizeOverTheProxysLimit_422NamesTheOption()
    {
        await using var emulator = await LiteLLMProxyEmulator.StartAsync(new EmulatorOptions { MaxPageSize = 100 });
        using var services = EmulatedFaultMeasurementTests.Services(emulator, overrides: null);

        var error = await Assert.ThrowsAsync<SpendLogRequestException>(async () =>
        {
            await foreach (var _ in services.GetRequiredService<ISpendLogClient>().ListAsync(new SpendLogQuery { From = Now.AddHours(-1), To = Now, PageSize = 500 }))
            {
            }
        });

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Contains(
            "LiteLLM says: query.page_size: Input should be less than or equal to 100; the proxy refuses the page size: set UsageAnalytics:LiteLLM:PageSize (or SpendLogQuery.PageSize) to 100 or less.",
            error.Message,
            StringComparison.Ordinal);
    }

    private static long Offset(string pathAndQuery)
    {
        var query = HttpUtility.ParseQueryString(new Uri("http://x" + pathAndQuery).Query);
        return ((long)int.Parse(query["page"]!, CultureInfo.InvariantCulture) - 1) * int.Parse(query["page_size"]!, CultureInfo.InvariantCulture);
    }
}
#endif
