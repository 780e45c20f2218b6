using Microsoft.Extensions.Logging;

namespace BootcPlug.Cli.Hosting;

/// <summary>
/// The logger of a run: lines on stderr, as text (<c>warn: message</c>) or as one JSON object per line
/// (<c>--log-format json</c>). Verbs print their result on stdout, so the log says only what goes wrong (warnings
/// and errors) unless -v asks for detail (information and debug lines too).
/// </summary>
public static class CliLogging
{
    /// <summary>A logger writing to <paramref name="error"/> (stderr when not given).</summary>
    public static ILogger Create(bool verbose, string format, TextWriter? error = null) =>
        new CliLogger(verbose ? LogLevel.Debug : LogLevel.Warning, format == "json", error);
}
