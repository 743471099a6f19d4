using System.Runtime.InteropServices;

namespace GlobalTables.Cli.Commands;

/// <summary>
/// Waits for Ctrl+C or SIGTERM and takes them over, so the regions shut down in order
/// (Kestrel, then each ActorSystem) instead of the runtime exiting under them.
/// </summary>
public static class ShutdownSignal
{
    public static async Task WaitAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var signals = Cancels(stop);
        try { await Task.Delay(Timeout.Infinite, stop.Token); }
        catch (OperationCanceledException) { }
    }

    /// <summary>Until disposed, Ctrl+C and SIGTERM cancel <paramref name="stop"/> instead of ending the process at once.</summary>
    public static IDisposable Cancels(CancellationTokenSource stop)
    {
        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        return new Registrations(PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle));
    }

    sealed class Registrations(params IDisposable[] all) : IDisposable
    {
        public void Dispose()
        {
            foreach (var r in all) r.Dispose();
        }
    }
}
