using System.Collections.Immutable;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Tests.Replication;

/// <summary>A region's page is built as its log is read; pages of several regions merge into one, oldest first, each region resuming after what was taken.</summary>
public sealed class LostUpdateMergeTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-12-01T00:00:00Z");

    static LostUpdate Lost(string table, string region, int second) => new(table, new ItemKey(AttributeValue.FromS("k"), null),
        new WriteRecord(null, new Version(new HlcStamp(2_000 + second, 0), "ap-southeast-1"), VersionVector.Empty),
        new WriteRecord(null, new Version(new HlcStamp(1_000 + second, 0), region), VersionVector.Empty),
        region, T0.AddSeconds(second));

    static LostUpdatePage Page(long after, bool end, params (long Offset, LostUpdate Lost)[] entries) =>
        new(after, entries.Select(e => new LostUpdateEntry(e.Offset, e.Lost)).ToImmutableList(), entries.Length == 0 ? after : entries[^1].Offset, end);

    [Fact]
    public void A_page_keeps_what_the_filter_keeps_and_resumes_after_what_it_skipped()
    {
        var filter = new LostUpdateFilter("T", T0.AddSeconds(1));
        var page = LostUpdatePage.StartingAfter(10)
            .With(11, Lost("T", "eu-west-2", 0), filter)      // past the retention
            .With(12, Lost("T", "eu-west-2", 2), filter)
            .With(15, Lost("U", "eu-west-2", 3), filter)      // another table
            .With(16, "not a lost update", filter);
        Assert.Equal(12, Assert.Single(page.Entries).Offset);
        Assert.Equal(16, page.ResumeAfter);
        Assert.Throws<ArgumentException>(() => page.With(16, Lost("T", "eu-west-2", 4), filter));
    }

    [Fact]
    public void Pages_merge_oldest_first_and_each_region_resumes_after_its_last_entry_taken()
    {
        var eu = Page(0, end: true, (3, Lost("T", "eu-west-2", 1)), (7, Lost("T", "eu-west-2", 4)));
        var ap = Page(5, end: false, (8, Lost("T", "ap-southeast-1", 2)), (9, Lost("T", "ap-southeast-1", 3)));
        var us = Page(20, end: true);

        var merged = LostUpdateMerge.Merge(new Dictionary<string, LostUpdatePage> { ["eu-west-2"] = eu, ["ap-southeast-1"] = ap, ["us-east-1"] = us }, 3);

        Assert.Equal([1, 2, 3], merged.Entries.Select(e => (int)(e.DetectedAt - T0).TotalSeconds));
        Assert.Equal(3, merged.ResumeAfter["eu-west-2"]);        // its second entry was not taken
        Assert.Equal(9, merged.ResumeAfter["ap-southeast-1"]);   // all taken, but its log goes on
        Assert.Equal(20, merged.ResumeAfter["us-east-1"]);
        Assert.False(merged.End);

        var rest = LostUpdateMerge.Merge(new Dictionary<string, LostUpdatePage>
        {
            ["eu-west-2"] = Page(3, end: true, (7, Lost("T", "eu-west-2", 4))), ["ap-southeast-1"] = Page(9, end: true), ["us-east-1"] = us,
        }, 3);
        Assert.Equal(4, (int)(Assert.Single(rest.Entries).DetectedAt - T0).TotalSeconds);
        Assert.True(rest.End);
    }

    [Fact]
    public void A_region_none_of_whose_entries_was_taken_resumes_where_its_page_started()
    {
        var late = Page(4, end: true, (6, Lost("T", "eu-west-2", 9)));
        var early = Page(0, end: true, (1, Lost("T", "us-east-1", 1)));
        var merged = LostUpdateMerge.Merge(new Dictionary<string, LostUpdatePage> { ["eu-west-2"] = late, ["us-east-1"] = early }, 1);
        Assert.Equal(4, merged.ResumeAfter["eu-west-2"]);
        Assert.Equal(1, merged.ResumeAfter["us-east-1"]);
        Assert.False(merged.End);
    }
}
