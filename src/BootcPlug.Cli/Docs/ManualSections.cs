using System.CommandLine;
using System.Runtime.CompilerServices;

namespace BootcPlug.Cli.Docs;

/// <summary>
/// What a manual page says that the parser does not know: the environment variables a command reads.
/// </summary>
public static class ManualSections
{
    private static readonly ConditionalWeakTable<Command, List<(string Name, string Meaning)>> Variables = new();

    public static Command ReadsEnvironment(this Command command, string name, string meaning)
    {
        Variables.GetOrCreateValue(command).Add((name, meaning));
        return command;
    }

    public static IReadOnlyList<(string Name, string Meaning)> Environment(Command command) =>
        Variables.TryGetValue(command, out var variables) ? variables : [];
}
