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

        // /proc counts utime + stime in whole ticks of 10 ms, each rounded down, and the kernel samples them apart
        // from the getrusage figure .NET reads: a few ticks either way.
        Assert.InRange(read, before - 0.05, after + 0.05);
        Assert.True(read > 0);
    }
}
