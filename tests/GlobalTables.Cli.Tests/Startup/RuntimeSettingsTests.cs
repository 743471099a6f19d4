using System.Text.Json;

namespace GlobalTables.Cli.Tests.Startup;

/// <summary>
/// The runtime settings globaltables starts with, as its runtimeconfig gives them to the runtime (docs/performance.md
/// says why each is there and what it saved).
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void The_thread_pool_does_not_spin_before_its_idle_workers_sleep()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "globaltables.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
