using Spectre.Console;

namespace GlobalTables.Cli.Chaos;

public static class ChaosReportView
{
    public static void Write(ChaosReport r)
    {
        var faults = r.Faults.GroupBy(f => f.Kind).Select(g => $"{g.Key} {g.Count()}");
        var table = new Table().Title($"[bold]chaos seed={r.Seed} duration={r.Duration.TotalSeconds:0}s[/]").AddColumns("", "");
        table.AddRow("writes acknowledged", r.Acknowledged.ToString());
        table.AddRow("acknowledged per client", Markup.Escape(string.Join(", ", r.AcknowledgedByClient.Select(c => $"{c.Key} {c.Value}"))));
        table.AddRow("writes refused (did not happen)", r.Refused.ToString());
        table.AddRow("writes with unknown outcome (no reply; never counted as phantoms)", r.Unknown.ToString());
        table.AddRow("deletes", r.Deletes.ToString());
        table.AddRow("conditional writes refused", r.ConditionalRefusals.ToString());
        table.AddRow("faults", Markup.Escape(string.Join(", ", faults)));
        table.AddRow("lost updates (LWW, logged)", r.LostUpdates.ToString());
        table.AddRow("worst RTO through the front door (ms)", $"{r.WorstRtoMs:0}");
        table.AddRow("worst RPO (acknowledged writes no peer had)", r.WorstRpoWrites.ToString());
        table.AddRow("quiescent after healing (ms)", $"{r.QuiescedAfter.TotalMilliseconds:0}");
        AnsiConsole.Write(table);
        foreach (var c in r.CatchUps) AnsiConsole.MarkupLine($"catch-up: {Markup.Escape(c)}");
        foreach (var v in r.Violations.Take(50)) AnsiConsole.MarkupLine($"[red]{Markup.Escape(v)}[/]");
        // Scripts and tests read this line.
        Console.Out.WriteLine($"violations: {r.Violations.Count}");
    }
}
