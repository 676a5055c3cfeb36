using Microsoft.Extensions.Configuration;
using UsageAnalytics.Sample;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var environment = new ConfigurationBuilder().AddEnvironmentVariables().Build();
return await SampleApp.RunAsync(args, environment, Console.Out, Console.Error, TimeProvider.System, cancellation.Token);
