using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace BootcPlug.Cli.Hosting;

/// <summary>
/// Logs go to stderr, as text or as one JSON object per line (`--log-format json`), with named properties.
/// </summary>
public static class CliLogging
{
    public static ILoggerFactory Create(bool verbose, string format) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        builder.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        if (format == "json")
            builder.AddJsonConsole(options => options.IncludeScopes = true);
        else
            builder.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.IncludeScopes = false;
                options.ColorBehavior = LoggerColorBehavior.Disabled;
            });
    });
}
