using GlobalTables.Region.Configuration;

namespace GlobalTables.Region.Tests;

/// <summary>
/// Tests on one real region node (us-east-1) on SQLite in a fresh temporary folder, which a test can restart on the
/// same folder. <see cref="Config"/> is laid over config/akka.conf.
/// </summary>
public abstract class RegionNodeTests : IAsyncLifetime
{
    protected string Folder { get; } = TestRegion.NewFolder();
    protected RegionNode Node { get; private set; } = null!;

    /// <summary>HOCON laid over config/akka.conf.</summary>
    protected virtual string Config => "";

    Task<RegionNode> StartAsync() =>
        RegionNode.StartAsync(new RegionSettings { Name = "us-east-1" }, TestRegion.AkkaConfig() + "\n" + Config, Folder, remotingPort: 0);

    public async Task InitializeAsync() => Node = await StartAsync();

    /// <summary>Stops the node and starts it again on the same folder.</summary>
    protected async Task RestartAsync()
    {
        await Node.DisposeAsync();
        Node = await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        try { Directory.Delete(Folder, true); } catch (IOException) { }
    }
}
