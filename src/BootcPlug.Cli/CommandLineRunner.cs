using System.CommandLine;

namespace BootcPlug.Cli;

/// <summary>
/// Parses and invokes. Parse errors become one line each and the usage exit code (2); whatever a verb throws goes
/// to <see cref="CliFailures"/>, which decides its line and exit code.
/// </summary>
public static class CommandLineRunner
{
    public static int Run(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
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
