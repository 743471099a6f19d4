using GlobalTables.Cli.Bench;

namespace GlobalTables.Cli.Tests.Bench;

public sealed class ZipfianGeneratorTests
{
    [Fact]
    public void Zipfian_values_stay_in_range_and_item_zero_is_the_most_popular()
    {
        var zipfian = new ZipfianGenerator(1_000);
        var random = new Random(7);
        var counts = new int[1_000];
        for (var i = 0; i < 100_000; i++) counts[zipfian.Next(random)]++;

        Assert.Equal(counts.Max(), counts[0]);
        Assert.True(counts[0] > counts[10] && counts[10] > counts[500], $"seed 7: {counts[0]}, {counts[10]}, {counts[500]}");
    }

    [Fact]
    public void Growing_the_item_count_extends_zeta_to_what_a_fresh_generator_computes()
    {
        var grown = new ZipfianGenerator(100).WithItemCount(5_000);
        var fresh = new ZipfianGenerator(5_000);
        var left = new Random(3);
        var right = new Random(3);
        for (var i = 0; i < 1_000; i++) Assert.Equal(fresh.Next(right), grown.Next(left));
    }

    [Fact]
    public void The_same_seed_picks_the_same_keys()
    {
        var zipfian = new ZipfianGenerator(10_000);
        var first = new ScrambledZipfianKeyChooser(zipfian);
        var second = new ScrambledZipfianKeyChooser(zipfian);
        var a = new Random(BenchRunner.WorkerSeed(42, 3));
        var b = new Random(BenchRunner.WorkerSeed(42, 3));
        for (var i = 0; i < 1_000; i++)
        {
            var key = first.Next(a);
            Assert.Equal(key, second.Next(b));
            Assert.InRange(key, 0, 9_999);
        }
    }

    [Fact]
    public void Latest_reads_only_acknowledged_records_and_favours_the_newest()
    {
        var inserts = new InsertCounter(100);
        var latest = new LatestKeyChooser(inserts, new ZipfianGenerator(100));
        var random = new Random(11);
        var newest = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var key = latest.Next(random);
            Assert.InRange(key, 0, 99);
            if (key == 99) newest++;
        }
        Assert.True(newest > 1_000, $"seed 11: record 99 picked {newest} times");
    }
}
