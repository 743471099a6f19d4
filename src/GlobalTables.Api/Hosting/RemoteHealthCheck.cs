namespace GlobalTables.Api.Hosting;

/// <summary>
/// The front door's active health check of the regions in other processes: every interval of config/routing.json, a
/// GET to each node, which a region answers with <c>healthy: dynamodb.REGION.amazonaws.com</c>. A node is healthy
/// when it answers so, for its own region, within the timeout.
/// </summary>
public sealed class RemoteHealthCheck : IAsyncDisposable
{
    readonly IReadOnlyList<RemoteNode> _nodes;
    readonly HttpMessageInvoker _client;
    readonly TimeSpan _interval;
    readonly TimeSpan _timeout;
    readonly CancellationTokenSource _stop = new();
    Task _loop = Task.CompletedTask;

    RemoteHealthCheck(IReadOnlyList<RemoteNode> nodes, HttpMessageInvoker client, TimeSpan interval, TimeSpan timeout) =>
        (_nodes, _client, _interval, _timeout) = (nodes, client, interval, timeout);

    public static RemoteHealthCheck Start(IEnumerable<RemoteRegion> regions, HttpMessageInvoker client, FrontDoorRouting routing)
    {
        var check = new RemoteHealthCheck(regions.SelectMany(r => r.Nodes).ToList(), client,
            TimeSpan.FromMilliseconds(routing.HealthCheckIntervalMs), TimeSpan.FromMilliseconds(routing.HealthCheckTimeoutMs));
        if (check._nodes.Count > 0) check._loop = check.RunAsync(check._stop.Token);
        return check;
    }

    async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            do await Task.WhenAll(_nodes.Select(n => CheckAsync(n, ct)));
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    async Task CheckAsync(RemoteNode node, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_timeout);
        string? reason;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, node.Endpoint);
            using var response = await _client.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            // A node of another region at this address is as good as none: it would answer for the wrong region.
            reason = !response.IsSuccessStatusCode ? $"health check answered {(int)response.StatusCode}"
                : !body.Contains($"dynamodb.{node.Region}.", StringComparison.Ordinal) ? $"it serves another region: {body.Trim()}"
                : null;
        }
        catch (HttpRequestException e) { reason = e.GetBaseException().Message; }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { reason = $"no health check answer within {_timeout.TotalMilliseconds} ms"; }
        node.Checked(reason is null, reason);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
