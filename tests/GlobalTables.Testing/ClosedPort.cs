using System.Net;
using System.Net.Sockets;

namespace GlobalTables.Testing;

/// <summary>An HTTP endpoint where nothing listens, for a dead node: a loopback port the system just gave out and that was closed again.</summary>
public static class ClosedPort
{
    public static Uri Endpoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
