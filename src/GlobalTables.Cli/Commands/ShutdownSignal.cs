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
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        using var registration = cancellationToken.Register(() => stop.TrySetResult());
        await stop.Task;
    }
}
