using System.Net;
using System.Net.Sockets;

namespace GlobalTables.Api.Hosting;

/// <summary>A port this start would listen on is taken; found before any region opens its data.</summary>
public sealed class PortInUseException(int port, string use) : IOException($"Port {port} ({use}) is already in use.")
{
    public int Port { get; } = port;
    /// <summary>What this start would have listened there for, e.g. "us-east-1 DynamoDB endpoint".</summary>
    public string Use { get; } = use;

    /// <summary>Binds the port on loopback, where Kestrel and Akka.Remote listen, and lets it go at once.</summary>
    public static void ThrowIfInUse(int port, string use)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try { probe.Bind(new IPEndPoint(IPAddress.Loopback, port)); }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse) { throw new PortInUseException(port, use); }
    }
}
