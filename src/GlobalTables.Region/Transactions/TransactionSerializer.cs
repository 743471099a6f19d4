using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Transactions;

namespace GlobalTables.Region.Transactions;

/// <summary>
/// The cross-partition commit's events in System.Text.Json with frozen string manifests
/// (append-only). The ItemChanged events a prepared transaction holds are written by whatever
/// serializer ItemChanged is bound to, with its own manifest, so their format has one owner.
/// </summary>
public sealed class TransactionSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7101;
    public const string PreparedManifest = "txp1";
    public const string CommittedManifest = "txc1";
    public const string AbortedManifest = "txa1";
    public const string StartedManifest = "txs1";
    public const string DecidedManifest = "txd1";
    public const string FinishedManifest = "txf1";
    /// <summary>The coordinator's ledger, in the snapshot store.</summary>
    public const string LedgerSnapshotManifest = "txl1";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        TransactionPrepared => PreparedManifest,
        TransactionCommitted => CommittedManifest,
        TransactionAborted => AbortedManifest,
        TransactionStarted => StartedManifest,
        TransactionDecided => DecidedManifest,
        TransactionFinished => FinishedManifest,
        TransactionLedgerSnapshot => LedgerSnapshotManifest,
        _ => throw new ArgumentException($"No manifest for {o.GetType()}"),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        TransactionPrepared e => JsonSerializer.SerializeToUtf8Bytes(new PreparedDto(
            e.TransactionId,
            e.Keys.Select(k => new KeyDto(AttributeValueJson.Serialize(k.PartitionKey), k.SortKey is null ? null : AttributeValueJson.Serialize(k.SortKey))).ToList(),
            e.Changes.Select(ChangeDto.From(system)).ToList())),
        TransactionCommitted or TransactionAborted or TransactionStarted or TransactionDecided or TransactionFinished =>
            JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType()),
        TransactionLedgerSnapshot e => JsonSerializer.SerializeToUtf8Bytes(e),
        _ => throw new ArgumentException($"Cannot serialize {obj.GetType()}"),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        PreparedManifest => JsonSerializer.Deserialize<PreparedDto>(bytes)!.ToEvent(system),
        CommittedManifest => JsonSerializer.Deserialize<TransactionCommitted>(bytes)!,
        AbortedManifest => JsonSerializer.Deserialize<TransactionAborted>(bytes)!,
        StartedManifest => JsonSerializer.Deserialize<TransactionStarted>(bytes)!,
        DecidedManifest => JsonSerializer.Deserialize<TransactionDecided>(bytes)!,
        FinishedManifest => JsonSerializer.Deserialize<TransactionFinished>(bytes)!,
        LedgerSnapshotManifest => JsonSerializer.Deserialize<LedgerSnapshotDto>(bytes)!.ToSnapshot(),
        _ => throw new System.Runtime.Serialization.SerializationException($"Unknown manifest {manifest}"),
    };

    sealed record LedgerSnapshotDto(List<TransactionLedger.Open> Open, Dictionary<string, TransactionLedger.CompletedToken> Tokens)
    {
        public TransactionLedgerSnapshot ToSnapshot() => new(Open, Tokens);
    }

    sealed record KeyDto(string Pk, string? Sk)
    {
        public ItemKey ToKey() => new(Read(Pk), Sk is null ? null : Read(Sk));

        static AttributeValue Read(string json)
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
            return AttributeValueJson.Read(doc.RootElement);
        }
    }

    sealed record ChangeDto(int S, string M, byte[] B)
    {
        public static Func<ItemChanged, ChangeDto> From(ExtendedActorSystem system) => change =>
        {
            var serializer = system.Serialization.FindSerializerFor(change);
            return new ChangeDto(serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, change), serializer.ToBinary(change));
        };

        public ItemChanged ToEvent(ExtendedActorSystem system) => (ItemChanged)system.Serialization.Deserialize(B, S, M);
    }

    sealed record PreparedDto(string Id, List<KeyDto> Keys, List<ChangeDto> Changes)
    {
        public TransactionPrepared ToEvent(ExtendedActorSystem system) =>
            new(Id, Keys.Select(k => k.ToKey()).ToList(), Changes.Select(c => c.ToEvent(system)).ToList());
    }
}
