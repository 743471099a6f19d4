using Amazon.Runtime;

namespace GlobalTables.Cli.Tests;

public static class Poll
{
    /// <summary>Polls until <paramref name="done"/> holds, treating a service or connection error as not yet.</summary>
    public static async Task UntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try { if (await done()) return; } catch (Exception e) when (IsTransient(e)) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// The answer of <paramref name="call"/>, retried while it fails with a service or connection error or a timeout:
    /// a region that has just started recovers a partition on its first request, which can outlast one request.
    /// </summary>
    public static async Task<T> AnswerAsync<T>(Func<Task<T>> call, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try { return await call(); }
            catch (Exception e) when (IsTransient(e) && DateTime.UtcNow < deadline) { await Task.Delay(50); }
            catch (Exception e) when (IsTransient(e)) { throw new TimeoutException(what, e); }
        }
    }

    static bool IsTransient(Exception e) => e is AmazonServiceException or HttpRequestException or TaskCanceledException or TimeoutException;
}
