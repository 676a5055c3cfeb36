using System.Globalization;
using Microsoft.Extensions.Configuration;
using UsageAnalytics.Export;
using UsageAnalytics.Records;

namespace UsageAnalytics.Sample;

public sealed class SampleExportTests
{
    [Fact]
    public async Task RunAsync_ReportAndExport_WritesEveryFileAndTheirCostsAgree()
    {
        using var temp = new TempDirectory();
        var report = temp.File("report.html");
        var exports = temp.File("out");

        var (exit, output, error) = await RunAsync(["--rows", "150", "--report", report, "--export", exports]);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("\n== files ==\n", output, StringComparison.Ordinal);
        Assert.Contains("report:     " + Path.GetFullPath(report) + " (", output, StringComparison.Ordinal);
        Assert.EndsWith("dashboard: OK" + System.Environment.NewLine, output, StringComparison.Ordinal);

        var html = await File.ReadAllTextAsync(report);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("data-tile=\"spend\"", html, StringComparison.Ordinal);
        Assert.Contains("all-monthly", html, StringComparison.Ordinal);   // the budgets of appsettings.json
        Assert.Contains("quiet-cache", html, StringComparison.Ordinal);   // an alert rule that always fires on these rows
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        // Every export is there, and the costs of the records, FOCUS rows and chargeback statement are the same money.
        var names = new[] { "usage.csv", "usage.jsonl", "by-model.csv", "daily.csv", "focus.csv", "chargeback-by-team.csv" };
        foreach (var name in names)
        {
            Assert.Matches(@"(?m)^  " + name.Replace(".", @"\.", StringComparison.Ordinal) + @"\s+\S.* \([\d,]+ bytes\)$", output);
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), Directory.GetFiles(exports).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var records = new List<UsageRecord>();
        await using (var jsonl = File.OpenRead(Path.Combine(exports, "usage.jsonl")))
        {
            await foreach (var record in UsageJsonSerializer.ReadRecordsJsonLinesAsync(jsonl))
            {
                records.Add(record);
            }
        }

        Assert.Equal(150, records.Count);
        var effective = records.Sum(r => r.EffectiveCost);
        var csv = Column(Path.Combine(exports, "usage.csv"), "effective_cost");
        Assert.Equal(150, csv.Count);
        Assert.Equal(effective, csv.Sum(Money));
        Assert.Equal(effective, Column(Path.Combine(exports, "focus.csv"), "BilledCost").Sum(Money));
        var total = File.ReadLines(Path.Combine(exports, "chargeback-by-team.csv")).Single(l => l.StartsWith("total,", StringComparison.Ordinal));
        Assert.Contains("," + decimal.Round(effective, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture) + ",", total, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoReport_WritesNoFilesSection()
    {
        var (exit, output, _) = await RunAsync(["--rows", "40", "--no-report"]);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("== files ==", output, StringComparison.Ordinal);
        Assert.DoesNotContain("report:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--live")]
    [InlineData("--spend-logs")]
    public async Task RunAsync_ExportWithoutRowsToSync_ExitsTwo(string option)
    {
        string[] args = option == "--live" ? ["--live", "--export", "x"] : ["--spend-logs", "logs.jsonl", "--export", "x"];

        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains("--export writes the rows of a sync", error, StringComparison.Ordinal);
    }

    /// <summary>One column of a CSV file, read with Sylvan.Data.Csv: an RFC 4180 reader that is not ours.</summary>
    private static List<string> Column(string path, string name)
    {
        using var reader = new StreamReader(path);
        using var csv = Sylvan.Data.Csv.CsvDataReader.Create(reader);
        var index = csv.GetOrdinal(name);
        var values = new List<string>();
        while (csv.Read())
        {
            values.Add(csv.GetString(index));
        }

        return values;
    }

    private static decimal Money(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UsageAnalytics:LiteLLM:BaseUrl"] = null,
            ["UsageAnalytics:LiteLLM:ApiKey"] = null,
        }).Build();
        var exit = await SampleApp.RunAsync(args, environment, output, error, TimeProvider.System);
        return (exit, output.ToString(), error.ToString());
    }
}
