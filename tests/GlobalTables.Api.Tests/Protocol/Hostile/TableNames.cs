namespace GlobalTables.Api.Tests.Protocol.Hostile;

/// <summary>
/// The table names requests aim at: the guarded table holding the data checked at the end, names of tables that do
/// not exist, and names DynamoDB refuses. Nothing else the generator writes can spell the guarded table's name.
/// </summary>
public sealed class TableNames(Random random, string guarded, string scratch)
{
    static readonly string[] Refused = ["", "a", "ab", "bad name!", new string('t', 256), "tab\u00e9", "../etc", "arn:aws:dynamodb:us-east-1:000000000000:table/"];

    public string Guarded => guarded;

    /// <summary>A table CreateTable may make once; it is never the guarded one.</summary>
    public string Scratch => scratch;

    public string Missing() => "missing-" + random.Next(100);

    public string Refusable() => Refused[random.Next(Refused.Length)];

    /// <summary>The guarded table half of the time (reads, and writes to keys it does not hold), else a missing or refused name.</summary>
    public string Any() => random.Next(4) switch
    {
        0 or 1 => guarded,
        2 => Missing(),
        _ => Refusable(),
    };

    /// <summary>For DeleteTable: never the guarded table.</summary>
    public string Deletable() => random.Next(2) == 0 ? Missing() : Refusable();
}
