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
            try { if (await done()) return; } catch (AmazonServiceException) { } catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(50);
        }
    }
}
