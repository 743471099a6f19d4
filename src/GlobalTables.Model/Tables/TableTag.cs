namespace GlobalTables.Model.Tables;

/// <summary>One tag of a table: TagResource, UntagResource, ListTagsOfResource and CreateTable's Tags.</summary>
public sealed record TableTag(string Key, string Value);
