using Xunit;

namespace GlobalTables.Testing;

/// <summary>
/// Waits for what runs in the background (a snapshot, a deletion, a table turning ACTIVE) by polling with a deadline,
/// never with a fixed sleep; a wait that times out fails the test with what the last poll saw.
/// </summary>
public static class Eventually
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Reads until <paramref name="done"/> holds of what <paramref name="read"/> gave, and answers that. Once
    /// <paramref name="timeout"/> (<see cref="Timeout"/> unless given) has passed, fails with <paramref name="failure"/> of the last read.
    /// </summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, Func<T, string> failure, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow >= deadline) Assert.Fail(failure(value));
            await Task.Delay(Interval);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="failure"/> once the timeout has passed.</summary>
    public static Task UntilAsync(Func<bool> condition, string failure, TimeSpan? timeout = null) =>
        ReadAsync(() => Task.FromResult(condition()), holds => holds, _ => failure, timeout);

    /// <summary>Waits until <paramref name="condition"/> answers true; fails with <paramref name="failure"/> once the timeout has passed.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string failure, TimeSpan? timeout = null) =>
        ReadAsync(condition, holds => holds, _ => failure, timeout);
}
