using System.CommandLine;

namespace BootcPlug.Cli;

/// <summary>
/// Parses and invokes. Parse errors become one line each and the usage exit code (2); an exception no verb
/// expected becomes one line and exit code 1, with the stack trace only under <c>--verbose</c>.
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
            var cause = ex is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : ex;
            configuration.Error.WriteLine($"bootcplug: {ParseErrorText.Flatten(cause.Message)}");
            if (parse is null ? args.Contains("-v") || args.Contains("--verbose") : IsVerbose(root, parse))
                configuration.Error.WriteLine(cause.ToString());
            return ExitCodes.Failure;
        }
    }

    private static bool IsVerbose(RootCommand root, ParseResult parse)
    {
        try
        {
            return root.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--verbose") is { } verbose && parse.GetValue(verbose);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
