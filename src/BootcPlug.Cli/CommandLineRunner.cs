using System.CommandLine;

namespace BootcPlug.Cli;

/// <summary>Parses and invokes, mapping parse errors to the usage exit code (2) of our contract.</summary>
public static class CommandLineRunner
{
    public static int Run(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var configuration = new InvocationConfiguration
        {
            Output = stdout ?? Console.Out,
            Error = stderr ?? Console.Error,
        };
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                configuration.Error.WriteLine($"bootcplug: {error.Message}");
            configuration.Error.WriteLine("Try 'bootcplug --help'.");
            return ExitCodes.Usage;
        }
        return parse.Invoke(configuration);
    }
}
