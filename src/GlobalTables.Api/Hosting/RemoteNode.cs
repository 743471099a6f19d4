using Microsoft.Extensions.Logging;

namespace GlobalTables.Api.Hosting;

/// <summary>
/// One HTTP endpoint of a region served by another process, and whether the front door last found it healthy.
/// Health checks and failed forwards both report here; only a change is logged, not every check.
/// </summary>
public sealed class RemoteNode(string region, Uri endpoint, ILogger logger)
{
    // Healthy until found otherwise: a node is tried before its first check ends, and a refusal is retried elsewhere.
    int _healthy = 1;
    long _checkedAt;

    public string Region => region;
    public Uri Endpoint => endpoint;
    public bool Healthy => Volatile.Read(ref _healthy) == 1;
    /// <summary>When a health check last ended, in <see cref="Environment.TickCount64"/> milliseconds; 0 before the first.</summary>
    public long CheckedAt => Interlocked.Read(ref _checkedAt);

    /// <summary>Records what a health check found.</summary>
    public void Checked(bool healthy, string? reason)
    {
        Report(healthy, reason);
        Interlocked.Exchange(ref _checkedAt, Environment.TickCount64);
    }

    /// <summary>Records what a health check or a failed forward found; <paramref name="reason"/> says why an unhealthy node is so.</summary>
    public void Report(bool healthy, string? reason = null)
    {
        if (Interlocked.Exchange(ref _healthy, healthy ? 1 : 0) == (healthy ? 1 : 0)) return;
        if (healthy) logger.LogWarning("front door: {Region} node {Endpoint} is healthy again", region, endpoint);
        else logger.LogWarning("front door: {Region} node {Endpoint} is unhealthy: {Reason}", region, endpoint, reason);
    }
}
