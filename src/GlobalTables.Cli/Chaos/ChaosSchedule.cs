namespace GlobalTables.Cli.Chaos;

/// <summary>A fault action at a moment of the run. Kinds are shown in reports: append only.</summary>
/// <param name="Argument">For latency, the milliseconds; for kill-node and restart-node, which extra node (1 to N).</param>
public sealed record ChaosAction(TimeSpan At, string Kind, string Region, int Argument = 0)
{
    public override string ToString() => Kind switch
    {
        "latency" => $"{At.TotalSeconds,6:0.0}s latency {Region} {Argument}ms",
        "kill-node" or "restart-node" => $"{At.TotalSeconds,6:0.0}s {Kind} {Region} node {Argument}",
        _ => $"{At.TotalSeconds,6:0.0}s {Kind} {Region}",
    };
}

/// <summary>
/// The faults of a chaos run, drawn from a seed alone, so the same seed gives the same schedule.
/// At most one region is down or cut, or one node killed, at a time, and every fault is undone before the run ends.
/// </summary>
public static class ChaosSchedule
{
    public const string AuxiliaryReplica = "aux";

    /// <param name="nodes">Extra node processes of the first region, which the schedule kills and restarts. With none, a
    /// seed draws the schedule it drew before nodes existed.</param>
    public static IReadOnlyList<ChaosAction> Generate(int seed, TimeSpan duration, IReadOnlyList<string> regions, int nodes = 0)
    {
        var random = new Random(seed);
        var actions = new List<ChaosAction>();
        var at = TimeSpan.FromSeconds(1 + random.NextDouble());
        var end = duration - TimeSpan.FromSeconds(1);
        bool auxiliaryPresent = true;
        while (at < end)
        {
            var region = regions[random.Next(regions.Count)];
            var hold = TimeSpan.FromMilliseconds(500 + random.Next(2500));
            switch (random.Next(nodes > 0 ? 5 : 4))
            {
                case 0:
                    // Not the region with nodes: its node in this process would come back as a cluster of its own beside
                    // the node processes, which kept the region going, and two clusters would write one journal.
                    if (nodes > 0 && region == regions[0]) region = regions[1 + random.Next(regions.Count - 1)];
                    actions.Add(new(at, "fail", region));
                    at += hold;
                    actions.Add(new(Min(at, end), "recover", region));
                    break;
                case 1:
                    actions.Add(new(at, "isolate", region));
                    at += hold;
                    actions.Add(new(Min(at, end), "heal", region));
                    break;
                case 2:
                    actions.Add(new(at, "latency", region, random.Next(0, 4) * 50));
                    break;
                case 3:
                    // Replica changes go to a second table, so the checked table's writes are never dropped with a removed copy.
                    actions.Add(new(at, auxiliaryPresent ? "remove-replica" : "add-replica", regions[^1], 0));
                    auxiliaryPresent = !auxiliaryPresent;
                    break;
                default:
                    var node = 1 + random.Next(nodes);
                    actions.Add(new(at, "kill-node", regions[0], node));
                    at += hold;
                    actions.Add(new(Min(at, end), "restart-node", regions[0], node));
                    break;
            }
            at += TimeSpan.FromMilliseconds(300 + random.Next(1200));
        }
        if (!auxiliaryPresent) actions.Add(new(end, "add-replica", regions[^1]));
        return actions;
    }

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
