using GlobalTables.Model.Attributes;
using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Items;

/// <summary>
/// An item as a partition holds it: its image (null for a tombstone), Version and Context, and the
/// Context its current write carried from its origin.
/// </summary>
/// <remarks>
/// A partition holds every item of its share of the table, so each one is kept small: the image as its
/// <see cref="AttributeValueBinary"/> bytes, decoded on each read, and the vectors only where they say more
/// than the Version does. Most items were last written in one region and carry that write alone, so their
/// Context is the Version itself, their write Context the Context, and their lineage the write Context.
/// </remarks>
public sealed class StoredItem
{
    /// <summary>Stands for a lineage that is exactly the write Context, so that it need not be held.</summary>
    static readonly Lineage LineageOfWriteContext = new(VersionVector.Empty, []);

    /// <summary>An item's vectors as held, for the few items whose vectors say more than their Version, or that a time to live delete left.</summary>
    /// <param name="Context">Null when it holds the item's Version alone.</param>
    /// <param name="WriteContext">Null when the same as the Context.</param>
    /// <param name="Lineage">Null when none was recorded (older snapshots); <see cref="LineageOfWriteContext"/> when it adds nothing.</param>
    /// <param name="TimeToLiveAttribute">See <see cref="Partitions.ItemChanged.TimeToLiveAttribute"/>.</param>
    sealed record Vectors(VersionVector? Context, VersionVector? WriteContext, Lineage? Lineage, string? TimeToLiveAttribute);

    readonly byte[]? _image;
    // Null when every vector follows from the Version: one reference, not three, on most items.
    readonly Vectors? _vectors;

    /// <param name="encodedImage">The image in <see cref="AttributeValueBinary.EncodeItem"/>'s form; null for a tombstone.</param>
    /// <param name="lineage">The writes whose data the image carries (see <see cref="Partitions.ItemChanged.Lineage"/>).</param>
    /// <param name="sequence">The journal sequence number of the event that set this item, in its partition.</param>
    /// <param name="timeToLiveAttribute">Set on the tombstone of a time to live delete (<see cref="Partitions.ItemChanged.TimeToLiveAttribute"/>).</param>
    public StoredItem(byte[]? encodedImage, Version version, VersionVector context, int sizeBytes, VersionVector writeContext,
        Lineage? lineage = null, long sequence = 0, string? timeToLiveAttribute = null)
    {
        _image = encodedImage;
        // Every item names its region; one shared string does for all of them.
        Version = version with { Region = string.Intern(version.Region) };
        var heldContext = IsVersionAlone(context, version) ? null : context;
        var heldWriteContext = ReferenceEquals(writeContext, context) || writeContext.Equals(context) ? null : writeContext;
        var heldLineage = lineage is { Holes.IsEmpty: true } && lineage.Base.Equals(writeContext) ? LineageOfWriteContext : lineage;
        _vectors = heldContext is null && heldWriteContext is null && ReferenceEquals(heldLineage, LineageOfWriteContext) && timeToLiveAttribute is null
            ? null
            : new Vectors(heldContext, heldWriteContext, heldLineage, timeToLiveAttribute);
        SizeBytes = sizeBytes;
        Sequence = sequence;
    }

    public StoredItem(IReadOnlyDictionary<string, AttributeValue>? image, Version version, VersionVector context, int sizeBytes, VersionVector writeContext,
        Lineage? lineage = null, long sequence = 0, string? timeToLiveAttribute = null)
        : this(image is null ? null : AttributeValueBinary.EncodeItem(image), version, context, sizeBytes, writeContext, lineage, sequence, timeToLiveAttribute)
    {
    }

    /// <summary>The image, decoded anew on each read: read it once per use.</summary>
    public IReadOnlyDictionary<string, AttributeValue>? Image => _image is null ? null : AttributeValueBinary.DecodeItem(_image);

    /// <summary>The image in <see cref="AttributeValueBinary.EncodeItem"/>'s form, as held (never written to); empty for a tombstone.</summary>
    public ReadOnlyMemory<byte> EncodedImage => _image;

    public Version Version { get; }

    public VersionVector Context => _vectors?.Context ?? VersionVector.Empty.With(Version);

    public VersionVector WriteContext => _vectors?.WriteContext ?? Context;

    /// <summary>The writes whose data the image carries (see <see cref="Partitions.ItemChanged.Lineage"/>); null when none was recorded.</summary>
    public Lineage? Lineage => _vectors is null || ReferenceEquals(_vectors.Lineage, LineageOfWriteContext)
        ? Replication.Lineage.Of(WriteContext)
        : _vectors.Lineage;

    public int SizeBytes { get; }

    /// <summary>The journal sequence number of the event that set this item, in its partition.</summary>
    public long Sequence { get; }

    public Lineage DataLineage => Lineage ?? Replication.Lineage.Of(WriteContext);

    public bool IsTombstone => _image is null;

    /// <summary>Set on the tombstone of a time to live delete (<see cref="Partitions.ItemChanged.TimeToLiveAttribute"/>).</summary>
    public string? TimeToLiveAttribute => _vectors?.TimeToLiveAttribute;

    /// <summary>The item a persisted change leaves.</summary>
    /// <param name="sequence">The journal sequence number the change is persisted at.</param>
    public static StoredItem Of(Partitions.ItemChanged change, long sequence) =>
        new(change.NewImage, change.Version, change.Context, ItemSize.Of(change.NewImage), change.OriginContext, change.DataLineage, sequence,
            change.TimeToLiveAttribute);

    static bool IsVersionAlone(VersionVector context, Version version) =>
        context.Entries.Count == 1 && context.Entries.TryGetValue(version.Region, out var stamp) && stamp == version.Stamp;
}
