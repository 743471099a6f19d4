using GlobalTables.Cli.Bench;
using GlobalTables.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("globaltables");
    config.AddCommand<UpCommand>("up").WithDescription("Start every region in regions/*.json in this process, plus the front door.");
    config.AddCommand<BenchCommand>("bench").WithDescription("Run a load against any DynamoDB endpoint and print ops/s and latency percentiles.");
});
return await app.RunAsync(args);
