using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Queries;

namespace GlobalTables.Model.Tests.Queries;

public sealed class OrderedKeyIndexTests
{
    static ItemKey Key(string pk, long sk) => new(AttributeValue.FromS(pk), AttributeValue.FromN(DynamoNumber.FromLong(sk)));

    [Fact]
    public void Walks_from_any_bound_in_both_directions_like_a_sorted_list_does()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var index = new OrderedKeyIndex();
        var reference = new SortedSet<ItemKey>(ItemKeyOrder.Instance);
        for (int i = 0; i < 5000; i++)
        {
            var key = Key("p" + random.Next(7), random.Next(3000));
            Assert.Equal(reference.Add(key), index.Add(key));
            if (i % 10 == 0)
            {
                var gone = Key("p" + random.Next(7), random.Next(3000));
                Assert.Equal(reference.Remove(gone), index.Remove(gone));
            }
        }
        Assert.Equal(reference.Count, index.Count);
        Assert.Equal(reference.ToList(), index.Walk(null, true, forward: true).ToList());
        Assert.Equal(reference.Reverse().ToList(), index.Walk(null, true, forward: false).ToList());

        for (int i = 0; i < 200; i++)
        {
            var bound = Key("p" + random.Next(7), random.Next(3000));
            bool inclusive = random.Next(2) == 0;
            var up = reference.Where(k => ItemKeyOrder.Instance.Compare(k, bound) is var c && (c > 0 || (inclusive && c == 0))).Take(50).ToList();
            var down = reference.Reverse().Where(k => ItemKeyOrder.Instance.Compare(k, bound) is var c && (c < 0 || (inclusive && c == 0))).Take(50).ToList();
            Assert.True(up.SequenceEqual(index.Walk(bound, inclusive, forward: true).Take(50)), $"seed={seed}");
            Assert.True(down.SequenceEqual(index.Walk(bound, inclusive, forward: false).Take(50)), $"seed={seed}");
        }
    }

    [Fact]
    public void Sort_key_bounds_sort_around_every_key_of_their_partition_key()
    {
        var order = ItemKeyOrder.Instance;
        var low = new ItemKey(AttributeValue.FromS("b"), ItemKeyOrder.Lowest);
        var high = new ItemKey(AttributeValue.FromS("b"), ItemKeyOrder.Highest);
        Assert.True(order.Compare(Key("a", 1_000_000), low) < 0);
        Assert.True(order.Compare(low, Key("b", -1_000_000)) < 0);
        Assert.True(order.Compare(Key("b", 1_000_000), high) < 0);
        Assert.True(order.Compare(high, Key("c", -1_000_000)) < 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Every_key_belongs_to_exactly_one_scan_segment(int totalSegments)
    {
        const int partitions = 16;
        for (int i = 0; i < 2000; i++)
        {
            var key = new ItemKey(AttributeValue.FromS("k" + i), null);
            int owners = Enumerable.Range(0, totalSegments).Count(s => new ScanSegment(s, totalSegments, partitions).Contains(key));
            Assert.Equal(1, owners);
        }
        var segments = Enumerable.Range(0, totalSegments).Select(s => new ScanSegment(s, totalSegments, partitions)).ToList();
        Assert.All(Enumerable.Range(0, partitions), p => Assert.Contains(segments, s => s.ContainsPartition(p)));
    }
}
