using System.Reflection;
using BootcPlug.Bootloaders;
using BootcPlug.Composefs;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;

namespace BootcPlug.Cli;

/// <summary>
/// The one place that turns a failure into the command-line contract: one line `bootcplug: &lt;message&gt;` on
/// stderr and exit code 2 for a wrong request, 1 for anything that failed. Failures users can cause (a refused
/// operation, an unreadable file, a held lock) name what is wrong and need no stack trace; any other exception is
/// a bug, and its trace follows the line under --verbose.
/// </summary>
public static class CliFailures
{
    public static int Report(Exception exception, TextWriter error, bool verbose)
    {
        var cause = exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;
        bool expected = IsExpected(cause);
        error.WriteLine($"bootcplug: {(expected ? OneLine(cause.Message) : ParseErrorText.Flatten(cause.Message))}");
        if (cause is UsageException) return ExitCodes.Usage;
        if (verbose && !expected) error.WriteLine(cause.ToString());
        return ExitCodes.Failure;
    }

    /// <summary>A failure the user can cause and the message fully explains.</summary>
    public static bool IsExpected(Exception exception) => exception is UsageException or OperationFailedException
        or HostLockTimeoutException or StateFileException or BootFormatException or ComposefsFormatException
        or GarbageCollectionException or IOException or UnauthorizedAccessException or InvalidOperationException
        or NotSupportedException;

    /// <summary>An expected failure's message as written, folded only when it spans lines.</summary>
    private static string OneLine(string message) =>
        message.Contains('\n') || message.Contains('\r') ? ParseErrorText.Flatten(message) : message;
}
