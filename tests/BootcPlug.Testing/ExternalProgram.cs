using System.Diagnostics;

namespace BootcPlug.Testing;

/// <summary>What a finished program left: its exit code and its two output streams apart.</summary>
public sealed record ProgramResult(string Program, IReadOnlyList<string> Arguments, int ExitCode, string Stdout,
    string Stderr)
{
    /// <summary>The command line and everything it printed, for failure messages.</summary>
    public string Describe() =>
        $"{Program} {string.Join(' ', Arguments)} exited {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    /// <summary>This result, when the program exited 0; otherwise an exception that shows what it printed.</summary>
    public ProgramResult Succeeded() =>
        ExitCode == 0 ? this : throw new InvalidOperationException(Describe());
}

/// <summary>
/// Runs a program as a user would from a shell: the test host's MSBuild variables are dropped so that a nested
/// <c>dotnet build</c> or <c>dotnet pack</c> starts clean, and <c>environment</c> is set on top.
/// </summary>
public static class ExternalProgram
{
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(10);

    public static ProgramResult Run(string program, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Run(program, workingDirectory, environment, DefaultLimit, arguments);

    /// <summary>Runs the program, killing it after <paramref name="limit"/> (<see cref="Timeout.InfiniteTimeSpan"/>:
    /// never).</summary>
    public static ProgramResult Run(string program, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment, TimeSpan limit, params string[] arguments)
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
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran longer than {limit}");
        }
        return new ProgramResult(program, arguments, process.ExitCode, stdout.Result, stderr.Result);
    }
}
