using System.CommandLine;
using BootcPlug.Platform;

namespace BootcPlug.Cli;

/// <summary>
/// Parses and invokes. Parse errors become one line each and the usage exit code (2); whatever a verb throws goes
/// to <see cref="CliFailures"/>, which decides its line and exit code.
/// </summary>
public static class CommandLineRunner
{
    /// <summary>
    /// Parses with the one-verb root of <see cref="CliApp.CreateRootFor"/>, and again with the whole tree when that
    /// parse did not reach its verb cleanly; then as <see cref="Run(RootCommand, string[], TextWriter?, TextWriter?,
    /// PlatformServices?)"/>.
    /// </summary>
    public static int RunLazily(string[] args, PlatformServices platform, TextWriter? stdout = null,
        TextWriter? stderr = null)
    {
        var root = CliApp.CreateRootFor(args, platform);
        Hosting.StartupTrace.Mark("command tree");
        return Run(root, args, stdout, stderr, platform);
    }

    /// <param name="wholeTreePlatform">
    /// When given, <paramref name="root"/> may hold only the verb the arguments name: a parse that does not reach it
    /// cleanly is done again with the whole tree, built with these platform services.
    /// </param>
    public static int Run(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null,
        PlatformServices? wholeTreePlatform = null)
    {
        var configuration = new InvocationConfiguration
        {
            Output = stdout ?? Console.Out,
            Error = stderr ?? Console.Error,
            // Ours below: System.CommandLine's own handler prints the whole trace.
            EnableDefaultExceptionHandler = false,
        };
        ParseResult? parse = null;
        try
        {
            parse = root.Parse(args);
            if (wholeTreePlatform is not null && !CliApp.Reached(parse))
            {
                root = CliApp.CreateRoot(wholeTreePlatform);
                parse = root.Parse(args);
            }
            Hosting.StartupTrace.Mark("parse");
            if (parse.Errors.Count > 0)
            {
                foreach (string line in parse.Errors.Select(ParseErrorText.OneLine).Distinct())
                    configuration.Error.WriteLine($"bootcplug: {line}");
                return ExitCodes.Usage;
            }
            return parse.Invoke(configuration);
        }
        catch (Exception ex)
        {
            bool verbose = parse is null ? args.Contains("-v") || args.Contains("--verbose") : IsVerbose(root, parse);
            return CliFailures.Report(ex, configuration.Error, verbose);
        }
    }

    private static bool IsVerbose(RootCommand root, ParseResult parse)
    {
        try
        {
            return root.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--verbose") is { } verbose
                && parse.GetValue(verbose);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
