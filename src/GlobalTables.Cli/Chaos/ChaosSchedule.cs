namespace GlobalTables.Cli.Chaos;

/// <summary>A fault action at a moment of the run. Kinds are shown in reports: append only.</summary>
public sealed record ChaosAction(TimeSpan At, string Kind, string Region, int Argument = 0)
{
    public override string ToString() => Kind == "latency" ? $"{At.TotalSeconds,6:0.0}s latency {Region} {Argument}ms" : $"{At.TotalSeconds,6:0.0}s {Kind} {Region}";
}

/// <summary>
/// The faults of a chaos run, drawn from a seed alone, so the same seed gives the same schedule.
/// At most one region is down or cut at a time, and every fault is undone before the run ends.
/// </summary>
public static class ChaosSchedule
{
    public const string AuxiliaryReplica = "aux";

    public static IReadOnlyList<ChaosAction> Generate(int seed, TimeSpan duration, IReadOnlyList<string> regions)
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
            switch (random.Next(4))
            {
                case 0:
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
                default:
                    // Replica changes go to a second table, so the checked table's writes are never dropped with a removed copy.
                    actions.Add(new(at, auxiliaryPresent ? "remove-replica" : "add-replica", regions[^1], 0));
                    auxiliaryPresent = !auxiliaryPresent;
                    break;
            }
            at += TimeSpan.FromMilliseconds(300 + random.Next(1200));
        }
        if (!auxiliaryPresent) actions.Add(new(end, "add-replica", regions[^1]));
        return actions;
    }

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
