using GlobalTables.Cli.Bench;

namespace GlobalTables.Cli.Tests.Bench;

public sealed class InsertCounterTests
{
    [Fact]
    public void Acknowledged_count_advances_only_over_a_gapless_prefix()
    {
        var counter = new InsertCounter(10);
        var first = counter.Claim();
        var second = counter.Claim();
        var third = counter.Claim();
        Assert.Equal([10L, 11L, 12L], [first, second, third]);

        counter.Acknowledge(third);
        Assert.Equal(10, counter.AcknowledgedCount);
        counter.Acknowledge(first);
        Assert.Equal(11, counter.AcknowledgedCount);
        counter.Acknowledge(second);
        Assert.Equal(13, counter.AcknowledgedCount);
    }
}
