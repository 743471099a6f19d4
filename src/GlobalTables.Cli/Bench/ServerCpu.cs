namespace GlobalTables.Cli.Bench;

/// <summary>
/// The CPU time (user + system, every thread) a server process has used so far, read from
/// /proc/PID/stat. The client and the server share the machine's cores, so ops/s alone hides what an
/// operation costs the server; CPU time over a run's window divided by its ops does not.
/// </summary>
public sealed class ServerCpu(int pid)
{
    /// <summary>utime and stime are in USER_HZ ticks, which Linux fixes at 100 a second for user space.</summary>
    const double TicksPerSecond = 100;
    /// <summary>utime and stime are fields 14 and 15 of stat; these are their places counted from field 3, the first after "(comm)".</summary>
    const int UserTimeField = 14 - 3;
    const int SystemTimeField = 15 - 3;

    public int Pid => pid;

    public static ServerCpu? For(int? pid) => pid is { } id ? new ServerCpu(id) : null;

    public static string StatPath(int pid) => $"/proc/{pid}/stat";

    /// <summary>Seconds of CPU the process has used since it started.</summary>
    public double Seconds()
    {
        var stat = File.ReadAllText(StatPath(pid));
        // The command name may hold spaces and parentheses; everything after its last ')' is plain fields.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[UserTimeField], System.Globalization.CultureInfo.InvariantCulture)
            + long.Parse(fields[SystemTimeField], System.Globalization.CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
