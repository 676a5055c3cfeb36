using BenchmarkDotNet.Running;
using UsageAnalytics.Benchmarks;

if (args.Contains("--breakdown"))
{
    return Experiment.Run(args);
}

if (args.Contains("--pricing"))
{
    return PricingRunner.Run(args);
}

if (args.Contains("--monitor"))
{
    return MonitorRunner.Run(args);
}

if (args.Contains("--export"))
{
    return ExportRunner.Run(args);
}

if (args.Contains("--compare"))
{
    return CompareRunner.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(DashboardBenchmarks).Assembly).Run(args);
return 0;
