namespace GlobalTables.Cli.Admin;

/// <summary>One Spectre colour per region, stable across commands.</summary>
public static class RegionColors
{
    static readonly string[] Palette = ["deepskyblue1", "green3", "gold1", "orchid", "orange1", "aqua"];
    static readonly Dictionary<string, string> Known = new()
    {
        ["us-east-1"] = Palette[0],
        ["eu-west-2"] = Palette[1],
        ["ap-southeast-1"] = Palette[2],
    };

    public static string Of(string region) =>
        Known.TryGetValue(region, out var colour) ? colour : Palette[(int)((uint)StableHash(region) % Palette.Length)];

    public static string Markup(string region) => $"[{Of(region)}]{Spectre.Console.Markup.Escape(region)}[/]";

    static int StableHash(string s) => s.Aggregate(17, (h, c) => h * 31 + c);
}
