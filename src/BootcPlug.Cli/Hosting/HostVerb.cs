using System.CommandLine;
using BootcPlug.Bootloaders;
using BootcPlug.Composefs;
using BootcPlug.Deployments;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;

namespace BootcPlug.Cli.Hosting;

/// <summary>
/// Runs a host verb inside a session and turns the failures users can cause into a message and an exit code:
/// 1 for an operation that failed (naming the file or deployment), 2 for bad usage.
/// </summary>
public static class HostVerb
{
    public static int Run(ParseResult parse, GlobalOptions globals, bool exclusive, Func<HostSession, TextWriter, TextWriter, int> body) =>
        Run(parse, globals, exclusive, root: null, bootloader: null, body);

    /// <summary>As <see cref="Run(ParseResult, GlobalOptions, bool, Func{HostSession, TextWriter, TextWriter, int})"/>, for a host root and bootloader other than the options' (the demo's).</summary>
    public static int Run(ParseResult parse, GlobalOptions globals, bool exclusive, string? root, string? bootloader, Func<HostSession, TextWriter, TextWriter, int> body)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            using var session = HostSession.Open(parse, globals, exclusive, root, bootloader);
            return body(session, output, error);
        }
        catch (UsageException ex)
        {
            error.WriteLine($"bootcplug: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is OperationFailedException or HostLockTimeoutException or StateFileException
            or BootFormatException or ComposefsFormatException or IOException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException)
        {
            error.WriteLine($"bootcplug: {ex.Message}");
            return ExitCodes.Failure;
        }
    }
}
