using System.ComponentModel;
using GlobalTables.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// <c>globaltables bench</c>: a load generator for any DynamoDB endpoint, the floors of this
/// machine, and (with --summarize) the comparison table of bench/compare.sh.
/// </summary>
public sealed class BenchCommand : AsyncCommand<BenchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--endpoint <URL>")]
        [Description("The DynamoDB endpoint to load. Default http://127.0.0.1:8001 (GlobalTables us-east-1).")]
        public string Endpoint { get; init; } = "http://127.0.0.1:8001";

        [CommandOption("--region <REGION>")]
        [Description("The region that signs the requests. Default us-east-1.")]
        public string Region { get; init; } = "us-east-1";

        [CommandOption("--table <NAME>")]
        [Description("The table the bench drops, creates and loads. Default bench.")]
        public string Table { get; init; } = "bench";

        [CommandOption("-w|--workload <NAMES>")]
        [Description("Comma-separated: ycsb-a .. ycsb-f (or a .. f), put-only, get-only, query, gsi-query, replication, replica-fill, catch-up, replication-lag, gsi-backfill, gsi-lag, ttl-delete, floor-sqlite, floor-kestrel, stream-read. Default ycsb-a.")]
        public string Workload { get; init; } = "ycsb-a";

        [CommandOption("--records <N>")]
        [Description("Records loaded before the run. Default 10000.")]
        public long Records { get; init; } = BenchOptions.RecordsDefault;

        [CommandOption("--ops <N>")]
        [Description("Stop after N operations (instead of --duration).")]
        public long? Ops { get; init; }

        [CommandOption("--duration <SECONDS>")]
        [Description("Run for this long. Default 10.")]
        public double? DurationSeconds { get; init; }

        [CommandOption("-c|--concurrency <N>")]
        [Description("Requests in flight (closed-loop workers). Default 16.")]
        public int Concurrency { get; init; } = BenchOptions.ConcurrencyDefault;

        [CommandOption("--item-size <BYTES>")]
        [Description("Size of each item's data attribute. Default 1000.")]
        public int ItemSize { get; init; } = BenchOptions.ItemSizeBytesDefault;

        [CommandOption("--distribution <NAME>")]
        [Description("zipfian or uniform key choice. Default zipfian.")]
        public string Distribution { get; init; } = "zipfian";

        [CommandOption("--seed <N>")]
        [Description("Seeds the key and operation choice. Default 1.")]
        public int Seed { get; init; } = 1;

        [CommandOption("--runs <N>")]
        [Description("Runs of each workload, each on a fresh table with the same seed. Default 1.")]
        public int Runs { get; init; } = 1;

        [CommandOption("--reuse-table")]
        [Description("Drop, create and load the table once, not before every run and workload.")]
        public bool ReuseTable { get; init; }

        [CommandOption("--label <NAME>")]
        [Description("Names the system under test in the output, e.g. dynalite.")]
        public string Label { get; init; } = "";

        [CommandOption("--replica <REGION=URL>")]
        [Description("A region the replication workload polls for arrival. Repeat for several.")]
        public string[] Replicas { get; init; } = [];

        [CommandOption("--admin <URL>")]
        [Description("The front door of the running up, for /_admin (catch-up isolates and heals through it). Default http://127.0.0.1:8000.")]
        public string Admin { get; init; } = "http://127.0.0.1:8000";

        [CommandOption("--rate <N>")]
        [Description("Writes a second of the steady writer in replica-fill (default 500), catch-up (default 2000), replication-lag and gsi-lag (default 1000), gsi-backfill (default 500).")]
        public double? Rate { get; init; }

        [CommandOption("--isolation <SECONDS>")]
        [Description("How long catch-up isolates the replica. Default 60.")]
        public double IsolationSeconds { get; init; } = BenchOptions.IsolationDefault.TotalSeconds;

        [CommandOption("--write-batch <N>")]
        [Description("Items per request of the steady writer: 1 is PutItem, 2..25 BatchWriteItem. Default 1.")]
        public int WriteBatch { get; init; } = 1;

        [CommandOption("--gsis <N>")]
        [Description("GSIs of the table the bench creates, each on its own key pair gsiK_pk (S), gsiK_sk (N), carried by every item: 0 to 20. Default 0 (gsi-query and gsi-lag: at least 1).")]
        public int GlobalSecondaryIndexes { get; init; }

        [CommandOption("--gsi-projection <TYPE>")]
        [Description("The GSIs' projection: ALL or KEYS_ONLY. Default ALL.")]
        public string GlobalSecondaryIndexProjection { get; init; } = "ALL";

        [CommandOption("--server-pid <PID>")]
        [Description("The server's process: each run also reports its CPU (utime + stime from /proc/PID/stat) over the run's window, per op.")]
        public int? ServerPid { get; init; }

        [CommandOption("--no-table")]
        [Description("The endpoint has no tables (a floor served by --serve-floor): create and load none.")]
        public bool NoTable { get; init; }

        [CommandOption("--serve-floor <PORT>")]
        [Description("Run nothing: serve the HTTP floor on this loopback port until stopped (Kestrel parsing each JSON body and answering {}), for bench/compare.sh to measure as a system.")]
        public int? ServeFloor { get; init; }

        [CommandOption("--json <FILE>")]
        [Description("Also write the results as JSON.")]
        public string? Json { get; init; }

        [CommandOption("--no-progress")]
        [Description("Do not draw the progress bar.")]
        public bool NoProgress { get; init; }

        [CommandOption("--summarize <DIR>")]
        [Description("Run nothing: print medians and ratios of the bench JSON files in DIR (used by bench/compare.sh).")]
        public string? Summarize { get; init; }

        [CommandOption("--baseline <LABEL>")]
        [Description("With --summarize: the system the ratios are of. Default globaltables.")]
        public string Baseline { get; init; } = "globaltables";

        public override ValidationResult Validate()
        {
            if (Summarize is not null) return Directory.Exists(Summarize) ? ValidationResult.Success() : ValidationResult.Error($"No folder {Summarize}.");
            if (ServeFloor is { } port) return port is > 0 and <= 65535 ? ValidationResult.Success() : ValidationResult.Error($"--serve-floor takes a port from 1 to 65535, not {port}.");
            var error = ToOptions(out var options) ?? options!.Validate();
            return error is null ? ValidationResult.Success() : ValidationResult.Error(error);
        }

        /// <summary>Null and the options, or what is wrong.</summary>
        public string? ToOptions(out BenchOptions? options)
        {
            options = null;
            var workloads = new List<Workload>();
            foreach (var name in Workload.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var workload = YcsbWorkloads.Find(name);
                if (workload is null) return $"Unknown workload '{name}'. Known: {YcsbWorkloads.Names}.";
                workloads.Add(workload);
            }
            if (!Enum.TryParse<KeyDistribution>(Distribution, ignoreCase: true, out var distribution) || !Enum.IsDefined(distribution))
                return $"--distribution is zipfian or uniform, not '{Distribution}'.";
            var replicas = new List<ReplicaEndpoint>();
            foreach (var replica in Replicas)
            {
                var parts = replica.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || parts[0].Length == 0 || !Uri.TryCreate(parts[1], UriKind.Absolute, out _))
                    return $"--replica takes REGION=URL, not '{replica}'.";
                replicas.Add(new ReplicaEndpoint(parts[0], parts[1]));
            }
            if (DurationSeconds is <= 0 or double.NaN) return "--duration must be positive.";
            if (IsolationSeconds is <= 0 or double.NaN) return "--isolation must be positive.";
            options = new BenchOptions
            {
                Endpoint = Endpoint,
                Region = Region,
                Table = Table,
                Workloads = workloads,
                Records = Records,
                Ops = Ops,
                Duration = DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : BenchOptions.DurationDefault,
                Concurrency = Concurrency,
                ItemSizeBytes = ItemSize,
                Distribution = distribution,
                Seed = Seed,
                Runs = Runs,
                ReuseTable = ReuseTable,
                Label = Label,
                JsonPath = Json,
                Replicas = replicas,
                ShowProgress = !NoProgress,
                Admin = Admin,
                Rate = Rate,
                Isolation = TimeSpan.FromSeconds(IsolationSeconds),
                WriteBatch = WriteBatch,
                GlobalSecondaryIndexes = GlobalSecondaryIndexes,
                GlobalSecondaryIndexProjection = Amazon.DynamoDBv2.ProjectionType.FindValue(GlobalSecondaryIndexProjection.ToUpperInvariant()),
                ServerPid = ServerPid,
                NoTable = NoTable,
            };
            return null;
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var output = StandardOutput();
        if (settings.Summarize is { } folder)
        {
            var summary = await BenchSummary.ReadFolderAsync(folder, settings.Baseline, cancellationToken);
            output.Write(summary.RenderComparison());
            if (summary.Floors.Count > 0) output.Write(summary.RenderFloors());
            return 0;
        }

        if (settings.ServeFloor is { } port)
        {
            await using var floor = await KestrelFloor.ListenAsync(port);
            output.WriteLine($"serving the HTTP floor at {floor.Endpoint}");
            await ShutdownSignal.WaitAsync(cancellationToken);
            return 0;
        }

        var error = settings.ToOptions(out var options) ?? options!.Validate();
        if (error is not null)
        {
            StandardError().MarkupLine($"[red]{Markup.Escape(error)}[/]");
            return 2;
        }
        var file = await RunWithProgressAsync(options!, cancellationToken);
        if (options!.JsonPath is { } path) await file.WriteAsync(path, cancellationToken);
        output.Write(BenchReport.Render(file));
        foreach (var line in BenchReport.ScenarioLines(file)) output.WriteLine(line);
        var errors = BenchReport.ErrorLines(file).ToList();
        foreach (var line in errors) StandardError().MarkupLine($"[red]{Markup.Escape(line)}[/]");
        return errors.Count == 0 ? 0 : 1;
    }

    private static async Task<BenchFile> RunWithProgressAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var progress = new BenchProgress();
        var runner = new BenchRunner(options, progress);
        if (!options.ShowProgress || Console.IsErrorRedirected) return await runner.RunAsync(cancellationToken);

        BenchFile? file = null;
        await StandardError().Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("starting");
                var run = runner.RunAsync(cancellationToken);
                while (!run.IsCompleted)
                {
                    bar.Description = Markup.Escape(progress.Phase);
                    bar.Value = progress.Fraction * 100;
                    await Task.WhenAny(run, Task.Delay(100, CancellationToken.None));
                }
                file = await run;
            });
        return file!;
    }

    private static IAnsiConsole StandardOutput()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected) console.Profile.Width = 320;
        return console;
    }

    private static IAnsiConsole StandardError()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected) console.Profile.Width = 320;
        return console;
    }
}
