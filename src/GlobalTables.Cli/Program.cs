using GlobalTables.Cli.Bench;
using GlobalTables.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("globaltables");
    // An unknown option is a mistake to report, not an argument to ignore (an up would start on the default ports).
    config.UseStrictParsing();
    config.SetExceptionHandler((exception, _) => ErrorReport.Write(exception));
    config.AddCommand<UpCommand>("up").WithDescription("Start every region in regions/*.json in this process, plus the front door.");
    config.AddCommand<NodeCommand>("node").WithDescription("Run one region as its own process: node --region eu-west-2 [[--data DIR]] [[--port-offset N]] [[--store postgres --connection C]].");
    config.AddCommand<StatusCommand>("status").WithDescription("Show replication latency and backlog per link of a running up.");
    config.AddCommand<RegionCommand>("region").WithDescription("Fault actions on a running up: region fail|recover|isolate|heal NAME, region latency NAME --ms N [[--peer P]], region list.");
    config.AddCommand<RoutingCommand>("routing").WithDescription("Show the front door's routing of a running up [[--json]], or change it until the front door stops: routing set --table T --regions R1,R2 (or --remove), routing set --mode failover|signing-region [[--regions R1,R2]].");
    config.AddCommand<ConflictsCommand>("conflicts").WithDescription("List the updates last-writer-wins lost, across regions.");
    config.AddCommand<WatchCommand>("watch").WithDescription("Tail writes and lost updates live across regions.");
    config.AddBranch("demo", demo =>
    {
        demo.SetDescription("Reproduce the behaviours of global tables against a running up.");
        demo.AddCommand<GlobalTables.Cli.Demo.LostUpdateDemoCommand>("lost-update").WithDescription("Two regions increment one counter concurrently; see which increments LWW lost, and the log that records them.");
    });
    config.AddBranch("iam", iam =>
    {
        iam.SetDescription("Identities of config/iam.json.");
        iam.AddCommand<IamVendCommand>("vend").WithDescription("Print temporary credentials (with a session token) for a principal: iam vend --principal P --duration 15m.");
    });
    config.AddCommand<GlobalTables.Cli.Chaos.ChaosCommand>("chaos").WithDescription("Start regions, write from every region under a seeded fault schedule, heal, and check that nothing is lost beyond LWW.");
    config.AddCommand<BenchCommand>("bench").WithDescription("Run a load against any DynamoDB endpoint and print ops/s and latency percentiles.");
});
return await app.RunAsync(args);
