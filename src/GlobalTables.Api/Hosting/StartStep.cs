namespace GlobalTables.Api.Hosting;

/// <summary>
/// A part of a start, told as it begins (<see cref="Endpoint"/> null) and once it listens, so a CLI can say what a
/// slow start is doing: a region recovers its tables before it serves.
/// </summary>
/// <param name="Part">A region's name, or <see cref="FrontDoor"/>.</param>
public sealed record StartStep(string Part, Uri? Endpoint)
{
    public const string FrontDoor = "front door";
}
