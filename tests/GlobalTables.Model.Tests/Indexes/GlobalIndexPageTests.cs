using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Queries;

namespace GlobalTables.Model.Tests.Indexes;

/// <summary>A GSI page merged from partition pages: index order, Limit, and the cutoff at a partition whose page filled.</summary>
public sealed class GlobalIndexPageTests
{
    static ItemKey IndexKey(long placed) => new(AttributeValue.FromS("OPEN"), AttributeValue.FromN(DynamoNumber.FromLong(placed)));
    static ItemKey TableKey(string customer) => new(AttributeValue.FromS(customer), null);

    static ScannedEntry Entry(long placed, string customer, bool matched = true) =>
        new(new IndexEntry(IndexKey(placed), TableKey(customer)), 100,
            matched ? new Dictionary<string, AttributeValue> { ["customer"] = AttributeValue.FromS(customer) } : null, matched);

    static PartitionPage Page(bool full, params ScannedEntry[] entries) =>
        new(entries.Where(e => e.Matched).Select(e => e.Item!).ToList(), entries.Count(e => e.Matched), entries.Length, entries.Length * 100L,
            entries.LastOrDefault()?.Position.TableKey, full, entries.LastOrDefault()?.Position.IndexKey, 0, entries);

    static GlobalIndexPage NewPage(int? limit, bool forward = true)
    {
        var condition = ExpressionParser.ParseKeyCondition("s = :s", new ExpressionAttributes(null, new Dictionary<string, AttributeValue> { [":s"] = AttributeValue.FromS("OPEN") }))
            .ForKeySchema("s", "p");
        return new GlobalIndexPage("ByStatus", condition, forward, limit, null, null, countOnly: false, exclusiveStart: null);
    }

    static IEnumerable<string> Customers(GlobalIndexPage page) => page.Items.Select(i => i["customer"].S);

    [Fact]
    public void Pages_merge_in_index_order_then_table_order_and_stop_at_the_limit()
    {
        var page = NewPage(limit: 4);
        page.Add(Page(false, Entry(1, "b"), Entry(5, "b2")));
        page.Add(Page(false, Entry(1, "a"), Entry(3, "c"), Entry(9, "d")));
        page.Merge();
        Assert.Equal(["a", "b", "c", "b2"], Customers(page));
        Assert.Equal(4, page.ScannedCount);
        Assert.Equal(TableKey("b2"), page.LastEvaluatedKey);
        Assert.Equal(IndexKey(5), page.LastEvaluatedIndexKey);
    }

    [Fact]
    public void A_partition_whose_page_filled_bounds_the_merge_since_its_later_entries_were_not_read()
    {
        var page = NewPage(limit: 3);
        page.Add(Page(true, Entry(1, "a"), Entry(2, "b"), Entry(3, "c")));
        page.Add(Page(false, Entry(2, "z")));
        page.Merge();
        Assert.Equal(["a", "b", "z"], Customers(page));
        Assert.Equal(IndexKey(2), page.LastEvaluatedIndexKey);

        // Filled by bytes after two entries: nothing past its second entry is taken, though the limit allows it.
        var bounded = NewPage(limit: 10);
        bounded.Add(Page(true, Entry(1, "a"), Entry(4, "b")));
        bounded.Add(Page(false, Entry(2, "x"), Entry(7, "y")));
        bounded.Merge();
        Assert.Equal(["a", "x", "b"], Customers(bounded));
        Assert.Equal(TableKey("b"), bounded.LastEvaluatedKey);
    }

    [Fact]
    public void Filtered_entries_count_as_scanned_and_a_complete_merge_has_no_last_key()
    {
        var page = NewPage(limit: null, forward: false);
        page.Add(Page(false, Entry(1, "a"), Entry(6, "f", matched: false)));
        page.Add(Page(false, Entry(3, "c")));
        page.Merge();
        Assert.Equal(["c", "a"], Customers(page));
        Assert.Equal(2, page.Count);
        Assert.Equal(3, page.ScannedCount);
        Assert.Null(page.LastEvaluatedKey);
    }
}
