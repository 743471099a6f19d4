using System.Text.RegularExpressions;
using Amazon.Runtime;
using GlobalTables.Api.Hosting;
using GlobalTables.Region.Persistence;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Commands;

/// <summary>
/// Where every error of a command ends: one line on stderr, <c>globaltables: ...</c>, and the exit code, 2 for a
/// mistake in the command line and 1 for a failure. Only an exception no case here expects, a bug, prints its stack trace.
/// </summary>
public static class ErrorReport
{
    public const int Failure = 1;
    public const int Usage = 2;

    public static int Write(Exception exception)
    {
        var cause = Unwrap(exception);
        var (line, code) = cause switch
        {
            // A start refused before it opened any data is the user's to fix, not a bug.
            DataFolderInUseException => (cause.Message + " Stop that process, or pass another --data.", Failure),
            PortInUseException => (cause.Message + " Stop what listens there, or pass another --port-offset.", Failure),
            StoreUnavailableException => (cause.Message + " Check --store and --connection, or globaltables.store in config/akka.conf.", Failure),
            // Spectre's parse and validation errors: unknown command or option, a value it cannot convert, a setting's Validate.
            CommandRuntimeException or UsageException => (Reworded(cause.Message), Usage),
            // A config file the start refused (config/routing.json with a typo) names the file and the bad value.
            ConfigFileException => (cause.Message, Failure),
            CommandFailedException or TimeoutException or AmazonServiceException or HttpRequestException => (cause.Message, Failure),
            _ => ((string?)null, Failure),
        };
        if (line is null)
        {
            // stdout stays the command's output (--json), so the trace goes to stderr too.
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
                .WriteException(exception, ExceptionFormats.ShortenEverything);
            return code;
        }
        Console.Error.WriteLine("globaltables: " + string.Join(' ', line.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
        return code;
    }

    /// <summary>Spectre names the CLR type a value did not convert to (<c>Nullable`1</c>); a user needs to know it wants a number.</summary>
    static string Reworded(string message) =>
        Regex.Match(message, @"^Failed to convert '(.*)' to (\w+)`?\d*\.$") is { Success: true } m
            ? $"'{m.Groups[1].Value}' is not {(m.Groups[2].Value is "Boolean" ? "true or false" : "a number")}, which that option takes"
            : message;

    /// <summary>The exception that says what went wrong: tasks awaited together wrap it in AggregateException, once or more.</summary>
    static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: > 0 } aggregate) exception = aggregate.InnerExceptions[0];
        return exception;
    }
}
