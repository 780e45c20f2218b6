using System.CommandLine;

namespace BootcPlug.Cli.Hosting;

/// <summary>
/// Runs a host verb inside a session (paths, plugins, bootloader, lock). What it throws is not caught here:
/// <see cref="CliFailures"/> decides the message and exit code for every verb alike.
/// </summary>
public static class HostVerb
{
    public static int Run(ParseResult parse, GlobalOptions globals, bool exclusive,
        Func<HostSession, TextWriter, TextWriter, int> body) =>
        Run(parse, globals, exclusive, root: null, bootloader: null, body);

    /// <summary>
    /// As <see cref="Run(ParseResult, GlobalOptions, bool, Func{HostSession, TextWriter, TextWriter, int})"/>, for a
    /// host root and bootloader other than the options' (the demo's).
    /// </summary>
    public static int Run(ParseResult parse, GlobalOptions globals, bool exclusive, string? root, string? bootloader,
        Func<HostSession, TextWriter, TextWriter, int> body)
    {
        using var session = HostSession.Open(parse, globals, exclusive, root, bootloader);
        StartupTrace.Mark("host lock");
        int exit = body(session, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        StartupTrace.Mark("verb body (read, render, write)");
        return exit;
    }
}
