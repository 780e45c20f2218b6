using System.Diagnostics;
using BootcPlug.Testing;

namespace BootcPlug.Cli.Tests.Docs;

/// <summary>
/// Runs completion requests through a real shell in one process: the shell sources our script, then each request
/// prints a marker line and what the shell would offer, one per line.
/// </summary>
public sealed class ShellHarness : IDisposable
{
    private const string Marker = "@@bootcplug-case@@";

    private readonly string folder = Directory.CreateTempSubdirectory("bootcplug-completion-").FullName;

    /// <summary>A folder with a `bootcplug` that runs the bootcplug built next to the tests, for PATH.</summary>
    public string BinFolder { get; }

    public ShellHarness()
    {
        BinFolder = Path.Combine(folder, "bin");
        Directory.CreateDirectory(BinFolder);
        string wrapper = Path.Combine(BinFolder, "bootcplug");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{CliRunner.ExecutablePath}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The script bootcplug prints for <paramref name="shell"/>, saved to a file.</summary>
    public string Script(string shell)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(0, CommandLineRunner.Run(CliApp.CreateRoot(), ["completion", shell], stdout, stderr));
        string path = Path.Combine(folder, "script." + shell);
        File.WriteAllText(path, stdout.ToString());
        return path;
    }

    public IReadOnlyList<IReadOnlyList<string>> Bash(IReadOnlyList<CompletionCase> cases) =>
        Run("bash", Script("bash"), """
            t() {
                COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
                COMPREPLY=(); _bootcplug; printf '%s\n' "$MARKER" "${COMPREPLY[@]}"
            }
            """, cases.Select(c => "t " + string.Join(' ', c.Words.Select(PosixQuote))), cases.Count);

    public IReadOnlyList<IReadOnlyList<string>> Fish(IReadOnlyList<CompletionCase> cases) =>
        Run("fish", Script("fish"), "",
            cases.Select(c => $"echo $MARKER; complete -C {FishQuote(c.Line)} | string replace -r '\\t.*' ''"),
            cases.Count);

    /// <summary>
    /// zsh's completion system only runs inside the line editor; the functions it offers through (_describe,
    /// compadd, _files) are replaced by ones that print what they are given, and our function is called with the
    /// words and CURRENT that zsh would set.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Zsh(IReadOnlyList<CompletionCase> cases) =>
        Run("zsh", Script("zsh"), """
            _describe() { local -a names=(${${(P)argv[-1]}%%:*}); print -l -- ${(M)names:#${words[CURRENT]}*} }
            compadd() { print -l -- ${(M)${(P)argv[-1]}:#${words[CURRENT]}*} }
            _files() { print -- "<files $*>" }
            t() { words=("$@"); CURRENT=$#words; print -- "$MARKER"; _bootcplug }
            """, cases.Select(c => "t " + string.Join(' ', c.Words.Select(PosixQuote))), cases.Count,
            prelude: "compdef() { : }");

    private IReadOnlyList<IReadOnlyList<string>> Run(string shell, string script, string helpers,
        IEnumerable<string> requests, int count, string prelude = "")
    {
        string driver = Path.Combine(folder, "driver." + shell);
        File.WriteAllText(driver, $"{prelude}\nsource {PosixQuote(script)}\n{helpers}\n"
            + string.Join('\n', requests) + "\ntrue\n");
        var start = new ProcessStartInfo(Oracle.Require(shell))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        if (shell == "zsh") start.ArgumentList.Add("-f");
        start.ArgumentList.Add(driver);
        start.Environment["MARKER"] = Marker;
        start.Environment["PATH"] = BinFolder + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = folder;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{shell} {driver} did not finish");
        }
        Assert.True(process.ExitCode == 0 && stderr.Result.Length == 0,
            $"{shell} failed ({process.ExitCode}): {stderr.Result}");
        var blocks = stdout.Result.Split(Marker + "\n").Skip(1)
            .Select(block => (IReadOnlyList<string>)block.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        Assert.Equal(count, blocks.Count);
        return blocks;
    }

    private static string PosixQuote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string FishQuote(string word) =>
        "'" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
