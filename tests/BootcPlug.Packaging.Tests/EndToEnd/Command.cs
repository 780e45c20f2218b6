using System.Diagnostics;

namespace BootcPlug.Packaging.Tests.EndToEnd;

/// <summary>What a finished program left: its exit code and its two output streams apart.</summary>
public sealed record CommandResult(string Program, IReadOnlyList<string> Arguments, int ExitCode, string Stdout,
    string Stderr)
{
    /// <summary>The command line and everything it printed, for failure messages.</summary>
    public string Describe() =>
        $"{Program} {string.Join(' ', Arguments)} exited {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    /// <summary>This result, when the program exited 0; otherwise an exception that shows what it printed.</summary>
    public CommandResult Succeeded() =>
        ExitCode == 0 ? this : throw new InvalidOperationException(Describe());
}

/// <summary>
/// Runs programs for the end-to-end tests with an environment of their own: the test host's MSBuild variables are
/// dropped so that a nested <c>dotnet build</c> starts as it would from a shell.
/// </summary>
public static class Command
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static CommandResult Run(string program, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var inherited in start.Environment.Keys
            .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(inherited);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran longer than {Limit}");
        }
        return new CommandResult(program, arguments, process.ExitCode, stdout.Result, stderr.Result);
    }
}
