using UsageAnalytics.Records;
using static UsageAnalytics.Pricing.ReconcilerTests;

namespace UsageAnalytics.Pricing;

/// <summary>Reconciling a stream: per model, per day (in a time zone) and overall; the largest gaps; rows set apart.</summary>
public sealed class ReconciliationReportTests
{
    private static readonly DateTimeOffset _mar9Late = new(2026, 3, 9, 23, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _mar10Morning = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _mar10Late = new(2026, 3, 10, 23, 30, 0, TimeSpan.Zero);

    // r1 model-a 1.00 → 1.20 (+20%, same tokens: 0.20 of price); r2 model-a 3.00 → 2.80 (−6.7%, same tokens: −0.20 of
    // price); r3 model-b 1.00 → 2.00 (+100%, no spend-log tokens: unattributed); r4 has no actual cost; r5 is in EUR.
    private static readonly UsageRecord[] _rows =
    [
        Row("r1", "model-a", 1.00m, 1.20m, prompt: 10, completion: 5, spendLogPrompt: 10, spendLogCompletion: 5, at: _mar9Late),
        Row("r2", "model-a", 3.00m, 2.80m, prompt: 10, completion: 5, spendLogPrompt: 10, spendLogCompletion: 5, at: _mar10Morning),
        Row("r3", "model-b", 1.00m, 2.00m, at: _mar10Late),
        Row("r4", "model-a", 7.00m, null, at: _mar10Late),
        Row("r5", "model-a", 1.00m, 9.00m, at: _mar10Late) with { Currency = "EUR" },
    ];

    [Fact]
    public void Reconcile_Rows_GivesOverallAndPerModelFigures()
    {
        var report = Reconciler.Reconcile(_rows);

        // Overall: estimated 5.00, actual 6.00, +1.00, ratio 1.2; r1 and r3 outside ±10%.
        Assert.Equal(
            new ReconciliationFigures
            {
                Rows = 3, Estimated = 5.00m, Actual = 6.00m, Difference = 1.00m, Ratio = 1.2m, OutsideToleranceRows = 2,
                TokenEffect = 0m, PriceEffect = 0.00m, UnattributedDifference = 1.00m, UnattributedRows = 1,
            },
            report.Overall);
        Assert.Equal(["model-a", "model-b"], report.ByModel.Keys);
        Assert.Equal(
            new ReconciliationFigures { Rows = 2, Estimated = 4.00m, Actual = 4.00m, Difference = 0.00m, Ratio = 1m, OutsideToleranceRows = 1, PriceEffect = 0.00m },
            report.ByModel["model-a"]);
        Assert.Equal(
            new ReconciliationFigures { Rows = 1, Estimated = 1.00m, Actual = 2.00m, Difference = 1.00m, Ratio = 2m, OutsideToleranceRows = 1, UnattributedDifference = 1.00m, UnattributedRows = 1 },
            report.ByModel["model-b"]);
        Assert.Equal((1L, 1L, "USD", 0.10m), (report.NotActualizedRows, report.OtherCurrencyRows, report.Currency, report.Tolerance));
    }

    [Fact]
    public void Reconcile_Rows_EveryFiguresGapIsTokensPlusPricePlusUnattributed()
    {
        var report = Reconciler.Reconcile(_rows);

        foreach (var figures in report.ByModel.Values.Concat(report.ByDay.Values).Append(report.Overall))
        {
            Assert.Equal(figures.Difference, figures.TokenEffect + figures.PriceEffect + figures.UnattributedDifference);
        }
    }

    [Fact]
    public void Reconcile_UtcDays_SplitAtUtcMidnight()
    {
        var report = Reconciler.Reconcile(_rows);

        Assert.Equal([new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 10)], report.ByDay.Keys);
        Assert.Equal((1L, 1.00m, 1.20m), (report.ByDay[new DateOnly(2026, 3, 9)].Rows, report.ByDay[new DateOnly(2026, 3, 9)].Estimated, report.ByDay[new DateOnly(2026, 3, 9)].Actual));
        Assert.Equal((2L, 4.00m, 4.80m, (decimal?)1.2m), (report.ByDay[new DateOnly(2026, 3, 10)].Rows, report.ByDay[new DateOnly(2026, 3, 10)].Estimated, report.ByDay[new DateOnly(2026, 3, 10)].Actual, report.ByDay[new DateOnly(2026, 3, 10)].Ratio));
    }

    [Fact]
    public void Reconcile_TokyoDays_UseTheZonesCalendar()
    {
        // UTC+9: r1 (Mar 9 23:30Z) is Mar 10 08:30 and joins r2 (Mar 10 19:00); r3 (Mar 10 23:30Z) is Mar 11 08:30.
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        var report = Reconciler.Reconcile(_rows, new ReconciliationOptions { TimeZone = tokyo });

        Assert.Same(tokyo, report.TimeZone);
        Assert.Equal([new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 11)], report.ByDay.Keys);
        Assert.Equal((2L, 4.00m, 4.00m), (report.ByDay[new DateOnly(2026, 3, 10)].Rows, report.ByDay[new DateOnly(2026, 3, 10)].Estimated, report.ByDay[new DateOnly(2026, 3, 10)].Actual));
        Assert.Equal((1L, 1.00m, 2.00m), (report.ByDay[new DateOnly(2026, 3, 11)].Rows, report.ByDay[new DateOnly(2026, 3, 11)].Estimated, report.ByDay[new DateOnly(2026, 3, 11)].Actual));
    }

    [Fact]
    public void Reconcile_NewYorkDays_FollowDaylightSavingTime()
    {
        // New York is UTC−5 until 2026-03-08 02:00 local and UTC−4 after: 04:30Z on Mar 8 is 23:30 on Mar 7 (EST), and
        // 03:30Z on Mar 9 is 23:30 on Mar 8 (EDT); 04:30Z on Mar 9 is 00:30 on Mar 9.
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        UsageRecord[] rows =
        [
            Row("a", "m", 1m, 1m, at: new DateTimeOffset(2026, 3, 8, 4, 30, 0, TimeSpan.Zero)),
            Row("b", "m", 1m, 1m, at: new DateTimeOffset(2026, 3, 9, 3, 30, 0, TimeSpan.Zero)),
            Row("c", "m", 1m, 1m, at: new DateTimeOffset(2026, 3, 9, 4, 30, 0, TimeSpan.Zero)),
        ];

        var report = Reconciler.Reconcile(rows, new ReconciliationOptions { TimeZone = newYork });

        Assert.Equal([new DateOnly(2026, 3, 7), new DateOnly(2026, 3, 8), new DateOnly(2026, 3, 9)], report.ByDay.Keys);
        Assert.All(report.ByDay.Values, figures => Assert.Equal(1L, figures.Rows));
    }

    [Fact]
    public void Reconcile_LargestGaps_AreOrderedByAbsoluteDifferenceThenTimeThenRequestId()
    {
        var t1 = new DateTimeOffset(2026, 3, 10, 1, 0, 0, TimeSpan.Zero);
        UsageRecord[] rows =
        [
            Row("small", "m", 1.00m, 1.10m, at: t1),            // +0.10
            Row("late", "m", 1.00m, 0.50m, at: t1.AddHours(2)), // −0.50, later
            Row("b", "m", 1.00m, 1.50m, at: t1),                // +0.50
            Row("none", "m", 1.00m, 1.00m, at: t1),             //  0: no gap
            Row("a", "m", 1.00m, 1.50m, at: t1),                // +0.50, same time, id "a" < "b"
            Row("mid", "m", 1.00m, 1.30m, at: t1),              // +0.30
        ];

        var top3 = Reconciler.Reconcile(rows, new ReconciliationOptions { LargestGapCount = 3 });
        var all = Reconciler.Reconcile(rows.AsEnumerable().Reverse());
        var none = Reconciler.Reconcile(rows, new ReconciliationOptions { LargestGapCount = 0 });

        Assert.Equal(["a", "b", "late"], top3.LargestGaps.Select(g => g.Record.RequestId));
        Assert.Equal(["a", "b", "late", "mid", "small"], all.LargestGaps.Select(g => g.Record.RequestId));
        Assert.Equal([0.50m, 0.50m, -0.50m, 0.30m, 0.10m], all.LargestGaps.Select(g => g.Difference));
        Assert.Empty(none.LargestGaps);
    }

    [Fact]
    public void Reconcile_LargestGaps_AgreeWithAFullSortWhateverTheInputOrder()
    {
        // The bounded heap keeps exactly what sorting every row would list first, ties included.
        var random = new Random(20260310);
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = Enumerable.Range(0, 600)
            .Select(i => Row(random.Next(3) == 0 ? null! : "id" + random.Next(40), "m", 1.00m, random.Next(0, 9) * 0.25m, at: start.AddMinutes(random.Next(5))))
            .ToArray();

        var report = Reconciler.Reconcile(rows, new ReconciliationOptions { LargestGapCount = 25 });

        var expected = rows
            .Select((row, index) => (row, index))
            .Where(x => x.row.ActualCost != x.row.EstimatedCost)
            .OrderByDescending(x => Math.Abs(x.row.ActualCost!.Value - x.row.EstimatedCost))
            .ThenBy(x => x.row.Timestamp.UtcTicks)
            .ThenBy(x => x.row.RequestId is null ? 1 : 0)
            .ThenBy(x => x.row.RequestId, StringComparer.Ordinal)
            .ThenBy(x => x.index)
            .Take(25)
            .Select(x => x.row);
        Assert.Equal(expected, report.LargestGaps.Select(g => g.Record));
    }

    [Fact]
    public void Reconcile_NoRows_GivesZeroFiguresAndNoGroups()
    {
        var report = Reconciler.Reconcile([]);

        Assert.Equal(new ReconciliationFigures(), report.Overall);
        Assert.Null(report.Overall.Ratio);
        Assert.Empty(report.ByModel);
        Assert.Empty(report.ByDay);
        Assert.Empty(report.LargestGaps);
        Assert.Equal((0L, 0L), (report.NotActualizedRows, report.OtherCurrencyRows));
    }

    [Fact]
    public void Reconcile_RowsWithoutAModel_AreGroupedUnderTheEmptyString()
    {
        var report = Reconciler.Reconcile([Row("a", null, 1m, 2m), Row("b", " ", 1m, 3m)]);

        Assert.Equal([""], report.ByModel.Keys);
        Assert.Equal((2L, 3m), (report.ByModel[""].Rows, report.ByModel[""].Difference));
    }

    [Fact]
    public void Reconcile_DefaultTimestamp_IsRefusedNamingTheRow()
    {
        var error = Assert.Throws<ArgumentException>(() => Reconciler.Reconcile([Row("old", "m", 1m, 1m) with { Timestamp = default }]));

        Assert.Contains("old", error.Message, StringComparison.Ordinal);
        Assert.Contains("Timestamp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_SumsBeyondTheDecimalRange_AreRefusedNamingTheRow()
    {
        var huge = decimal.MaxValue * 0.4m; // two fit, the third does not

        var error = Assert.Throws<ArgumentException>(() => Reconciler.Reconcile([Row("x", "m", 0m, huge), Row("y", "m", 0m, huge), Row("z", "m", 0m, huge)]));

        Assert.Contains("'z'", error.Message, StringComparison.Ordinal);
        Assert.IsType<OverflowException>(error.InnerException);
    }

    [Fact]
    public async Task ReconcileAsync_GivesTheSameReportAsReconcile()
    {
        var options = new ReconciliationOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"), LargestGapCount = 2 };

        var report = await Reconciler.ReconcileAsync(Stream(_rows), options);

        var expected = Reconciler.Reconcile(_rows, options);
        Assert.Equal(expected.Overall, report.Overall);
        Assert.Equal(expected.ByModel, report.ByModel);
        Assert.Equal(expected.ByDay, report.ByDay);
        Assert.Equal(["r3", "r1"], report.LargestGaps.Select(g => g.Record.RequestId));
        Assert.Equal((1L, 1L), (report.NotActualizedRows, report.OtherCurrencyRows));
    }

    [Fact]
    public async Task ReconcileAsync_CancelledMidStream_Throws()
    {
        using var cts = new CancellationTokenSource();
        var read = 0;

        async IAsyncEnumerable<UsageRecord> Rows()
        {
            foreach (var row in _rows)
            {
                await Task.Yield();
                if (++read == 2)
                {
                    await cts.CancelAsync();
                }

                yield return row;
            }
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reconciler.ReconcileAsync(Rows(), null, cts.Token));
        Assert.Equal(2, read);
    }

    private static async IAsyncEnumerable<UsageRecord> Stream(IEnumerable<UsageRecord> rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }
}
