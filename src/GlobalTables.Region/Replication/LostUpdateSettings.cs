using Akka.Configuration;

namespace GlobalTables.Region.Replication;

/// <summary>How a region's lost-update log is read; from <c>globaltables.lost-updates</c> in config/akka.conf, once at start.</summary>
/// <param name="Retention">Entries older than this (by DetectedAt) are not returned.</param>
/// <param name="PageDefault">Entries a page holds when the reader names no limit.</param>
/// <param name="PageMax">The largest limit a reader may name.</param>
public sealed record LostUpdateSettings(TimeSpan Retention, int PageDefault, int PageMax)
{
    public static LostUpdateSettings From(Config lostUpdates)
    {
        var settings = new LostUpdateSettings(
            lostUpdates.GetTimeSpan("retention", TimeSpan.FromHours(24)),
            lostUpdates.GetInt("page-default", 100),
            lostUpdates.GetInt("page-max", 1000));
        if (settings.Retention <= TimeSpan.Zero || settings.PageDefault < 1 || settings.PageMax < settings.PageDefault)
            throw new ArgumentException($"globaltables.lost-updates: retention must be positive and 1 <= page-default <= page-max, not {settings}");
        return settings;
    }
}
