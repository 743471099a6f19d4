using GlobalTables.Model.Items;

namespace GlobalTables.Model.Queries;

/// <summary>The keys of one partition in <see cref="ItemKeyOrder"/>, which Query and Scan pages of the table walk.</summary>
public sealed class OrderedKeyIndex() : OrderedChunks<ItemKey>(ItemKeyOrder.Instance);
