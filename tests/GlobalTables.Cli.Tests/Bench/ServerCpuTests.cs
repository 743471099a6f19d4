using System.Diagnostics;
using GlobalTables.Cli.Bench;

namespace GlobalTables.Cli.Tests.Bench;

public sealed class ServerCpuTests
{
    [Fact]
    public void Reads_the_same_cpu_time_of_a_process_as_dotnet_does()
    {
        var cpu = new ServerCpu(Environment.ProcessId);

        var before = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var read = cpu.Seconds();
        var after = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

        // Both read utime + stime, in ticks of 10 ms.
        Assert.InRange(read, before - 0.011, after + 0.011);
    }
}
