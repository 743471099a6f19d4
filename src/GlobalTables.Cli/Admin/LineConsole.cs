using Spectre.Console;

namespace GlobalTables.Cli.Admin;

/// <summary>
/// Output of one line per record (conflicts, watch): Spectre wraps at the console's width, 80 when redirected, and a
/// wrapped record reads as two. This console never wraps; a terminal folds a long line itself.
/// </summary>
public static class LineConsole
{
    static readonly IAnsiConsole Console = Unwrapped();

    public static void MarkupLine(string markup) => Console.MarkupLine(markup);

    static IAnsiConsole Unwrapped()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings());
        console.Profile.Width = int.MaxValue / 2;
        return console;
    }
}
