using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Tables;

/// <summary>One key attribute: its name and scalar type (S, N or B).</summary>
public sealed record KeyAttribute(string Name, AttributeType Type);
