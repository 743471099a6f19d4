namespace GlobalTables.Api.Hosting;

public sealed record ServerOptions
{
    /// <summary>Root of the regions' data folders.</summary>
    public required string DataRoot { get; init; }
    /// <summary>The folder holding regions/ and config/.</summary>
    public required string ConfigRoot { get; init; }
    /// <summary>Start only these regions; null starts every region in regions/.</summary>
    public IReadOnlyList<string>? OnlyRegions { get; init; }
    /// <summary>Added to every port, the front door's too.</summary>
    public int PortOffset { get; init; }
    /// <summary>
    /// Added to the remoting ports of the regions this process does not host, where it looks for them; null is
    /// <see cref="PortOffset"/>. A node that joins a region beside an <c>up</c> with another offset names that one.
    /// </summary>
    public int? PeerPortOffset { get; init; }
    /// <summary>Bind every port to 0, for tests that run side by side.</summary>
    public bool EphemeralPorts { get; init; }
    /// <summary>Delay replication by the WAN latency in regions/*.json.</summary>
    public bool SimulateLatency { get; init; }
    /// <summary>Serve the front door; a separate-process region (<c>globaltables node</c>) does not.</summary>
    public bool FrontDoor { get; init; } = true;
    /// <summary>The front door's port and the regions in other processes; null reads config/frontdoor.json.</summary>
    public FrontDoorSettings? FrontDoorSettings { get; init; }
    /// <summary>Front-door routing; null reads config/routing.json.</summary>
    public FrontDoorRouting? Routing { get; init; }
    /// <summary>Told as each region and the front door start, and once each listens; called on the starting thread, in order.</summary>
    public Action<StartStep>? Progress { get; init; }
    /// <summary>Dev accepts any unknown access key as config/iam.json's development principal; Strict refuses it.</summary>
    public Auth.AuthMode AuthMode { get; init; } = Auth.AuthMode.Dev;
    /// <summary>HOCON laid over config/akka.conf, for tests that need other timings.</summary>
    public string? ConfigOverrides { get; init; }
    /// <summary>The regions' store (<c>--store</c>); null is <c>globaltables.store.kind</c> of config/akka.conf.</summary>
    public Region.Configuration.StoreKind? Store { get; init; }
    /// <summary>The PostgreSQL store's Npgsql connection string (<c>--connection</c>); null is <c>globaltables.store.connection</c>.</summary>
    public string? StoreConnection { get; init; }
    /// <summary>The regions' clock; null is the system clock.</summary>
    public TimeProvider? Time { get; init; }
    /// <summary>
    /// HOST:PORT remoting addresses of nodes already in the region's cluster, which this process joins as another node
    /// (docs/cluster.md); empty: the region is this process alone. Needs exactly one region.
    /// </summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];
    /// <summary>The SQLite journal the region's nodes share; null: journal.db in the region's data folder. Needs exactly one region.</summary>
    public string? SharedJournal { get; init; }
}
