namespace GlobalTables.Api.Tests.Protocol;

/// <summary>DynamoDB's __type strings as the wire carries them, written out for tests to compare with (not taken from DynamoErrors).</summary>
internal static class WireTypes
{
    public const string Serialization = "com.amazon.coral.service#SerializationException";
    public const string Validation = "com.amazon.coral.validate#ValidationException";
}
