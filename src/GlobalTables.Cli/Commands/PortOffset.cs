namespace GlobalTables.Cli.Commands;

/// <summary>--port-offset moves configured ports; every one must stay a TCP port (1 to 65535).</summary>
public static class PortOffset
{
    const int PortMax = 65535;

    /// <summary>Throws a usage error naming the first port the offset moves out of range, and the offsets that fit them all.</summary>
    public static void Check(int offset, IReadOnlyCollection<(string Use, int Port)> configured)
    {
        var ports = configured.Where(p => p.Port != 0).ToList();
        if (ports.Count == 0) return;
        var outside = ports.FirstOrDefault(p => p.Port + offset is < 1 or > PortMax);
        if (outside.Use is null) return;
        throw new UsageException($"--port-offset {offset} puts the {outside.Use} at port {outside.Port + offset}; " +
            $"ports go from 1 to {PortMax}, so the offset is from {1 - ports.Min(p => p.Port)} to {PortMax - ports.Max(p => p.Port)}");
    }
}
