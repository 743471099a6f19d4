using Akka.Configuration;

namespace GlobalTables.Api.WebConsole;

/// <summary>The web console's pace and page sizes; from <c>globaltables.console</c> in config/akka.conf, once at start.</summary>
/// <param name="StatusInterval">How often /console/events sends the regions, links and tables, and reads the lost-update log.</param>
/// <param name="FeedInterval">How often /console/events looks for new writes in each region's feed.</param>
/// <param name="FeedBacklog">The most recent writes of each region a new stream starts with.</param>
/// <param name="ItemsPageDefault">Items GET /_admin/items answers when the reader names no limit.</param>
/// <param name="ItemsPageMax">The largest limit a reader of GET /_admin/items may name.</param>
public sealed record ConsoleSettings(TimeSpan StatusInterval, TimeSpan FeedInterval, int FeedBacklog, int ItemsPageDefault, int ItemsPageMax)
{
    public static ConsoleSettings From(Config console)
    {
        var settings = new ConsoleSettings(
            console.GetTimeSpan("status-interval", TimeSpan.FromSeconds(1)),
            console.GetTimeSpan("feed-interval", TimeSpan.FromMilliseconds(200)),
            console.GetInt("feed-backlog", 50),
            console.GetInt("items-page-default", 100),
            console.GetInt("items-page-max", 1000));
        if (settings.StatusInterval <= TimeSpan.Zero || settings.FeedInterval <= TimeSpan.Zero || settings.FeedBacklog < 0
            || settings.ItemsPageDefault < 1 || settings.ItemsPageMax < settings.ItemsPageDefault)
            throw new ArgumentException($"globaltables.console: intervals must be positive, feed-backlog >= 0 and 1 <= items-page-default <= items-page-max, not {settings}");
        return settings;
    }
}
