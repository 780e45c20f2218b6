using System.CommandLine;
using BootcPlug.Cli;
using BootcPlug.Demo;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// Every verb with every class of bad command-line input: exactly one stderr line "bootcplug: ..." that names the
/// option or file, the documented exit code (2 for usage), no stack frame, the host unchanged. The whole matrix runs
/// in process through <see cref="CommandLineRunner"/> (what the executable's Main calls), and each class once more
/// through the real executable on a verb chosen in turn, so that the sweep stays fast.
/// </summary>
public sealed class BadInputSweepTests : IDisposable
{
    private readonly TestHost _host = new(new HostConfig("grub", Uki: false));
    private readonly string _work = Directory.CreateTempSubdirectory("bootcplug-badinput-").FullName;

    public BadInputSweepTests()
    {
        string a = _host.Deploy(new DemoRelease(1, "k-one"));
        _host.BootInto(a);
        _host.Deploy(new DemoRelease(2, "k-two"));
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private string Missing => Path.Combine(_work, "missing");

    private string AFile
    {
        get
        {
            string file = Path.Combine(_work, "a-file");
            if (!File.Exists(file)) File.WriteAllText(file, "{}\n");
            return file;
        }
    }

    /// <summary>Arguments with which each verb parses cleanly, so that the bad input under test is the only
    /// error.</summary>
    private string[] SampleArguments(string verb) => verb switch
    {
        "schema print" or "plugins list" or "status" or "gc" or "rollback" or "finalize-staged" or "fsck" or "space"
            or "composefs init" or "composefs gc" or "composefs fsck" or "composefs oci images" => [],
        "schema validate" or "composefs digest" => [AFile],
        "deploy" => ["--rootfs", _work],
        "demo" => [Path.Combine(_work, "demo")],
        "delete-deployment" or "pin" or "unpin" => ["0123456789ab"],
        "prune" => ["--keep", "1"],
        "composefs oci pull" => ["oci:" + _work],
        "composefs oci create-image" => ["some-image"],
        "composefs objects" => ["some-image"],
        "composefs create-image" => [_work],
        "completion" => ["bash"],
        "man" => ["--output", Path.Combine(_work, "man")],
        _ => throw new Xunit.Sdk.XunitException($"no sample arguments for the verb '{verb}': add them to the sweep"),
    };

    /// <summary>Every leaf verb of the real command tree, with the options that apply to it (its own and the recursive
    /// ones above).</summary>
    private static IEnumerable<(string Verb, IReadOnlyList<Option> Options)> Verbs()
    {
        IEnumerable<(string, IReadOnlyList<Option>)> Walk(Command command, string path, IReadOnlyList<Option> inherited)
        {
            var options = inherited.Concat(command.Options).ToList();
            if (command.Subcommands.Count == 0) yield return (path, options);
            var recursive = options.Where(o => o.Recursive).ToList();
            foreach (var sub in command.Subcommands)
                foreach (var leaf in Walk(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}", recursive))
                    yield return leaf;
        }
        return Walk(CliApp.CreateRoot(), "", []);
    }

    /// <summary>One class of bad input: the arguments to add, the exit code and the one line expected on
    /// stderr.</summary>
    private sealed record BadInput(string Name, string[] Arguments, int ExitCode, string Line);

    private IEnumerable<BadInput> GlobalBadInputs() =>
    [
        new("missing root", ["--root", Missing], 2, $"bootcplug: --root: {Missing}: no such directory"),
        new("file root", ["--root", AFile], 2, $"bootcplug: --root: {AFile}: not a directory"),
        new("file esp", ["--esp", AFile], 2, $"bootcplug: --esp: {AFile}: not a directory"),
        new("missing plugins", ["--plugins", Missing], 2, $"bootcplug: --plugins: {Missing}: no such directory"),
        new("negative lock timeout", ["--lock-timeout", "-1"], 2,
            "bootcplug: --lock-timeout: expected a number of seconds, 0 or more (got -1)"),
        new("NaN lock timeout", ["--lock-timeout", "NaN"], 2,
            "bootcplug: --lock-timeout: expected a number of seconds, 0 or more (got NaN)"),
        new("infinite lock timeout", ["--lock-timeout", "Infinity"], 2,
            "bootcplug: --lock-timeout: expected a number of seconds, 0 or more (got Infinity)"),
        new("text lock timeout", ["--lock-timeout", "soon"], 2,
            "bootcplug: --lock-timeout: expected a number, not 'soon'"),
    ];

    /// <summary>The host's --root and --bootloader, unless the bad input gives that option itself.</summary>
    private string[] HostOptionsBut(BadInput bad) =>
    [
        .. bad.Arguments.Contains("--root") ? [] : new[] { "--root", _host.Root },
        .. bad.Arguments.Contains("--bootloader") ? [] : new[] { "--bootloader", "grub" },
    ];

    /// <summary>A bad value for every option of the verb that takes one of a fixed set of values.</summary>
    private static IEnumerable<BadInput> ChoiceBadInputs(IReadOnlyList<Option> options) => options
        .Where(o => o.ValueType != typeof(bool) && Choices.Of(o).Count > 0)
        .Select(o => new BadInput($"bad {o.Name}", [o.Name, "bogus"], 2,
            $"bootcplug: {o.Name}: expected {Enumerate(Choices.Of(o))}"));

    private static string Enumerate(IReadOnlyList<string> values) =>
        values.Count == 1 ? values[0] : string.Join(", ", values.Take(values.Count - 1)) + " or " + values[^1];

    private static void AssertOneLine(CliResult result, int exitCode, string line, string what)
    {
        Assert.False(result.Stderr.Contains("   at ", StringComparison.Ordinal),
            $"{what}: stack trace on stderr:\n{result.Stderr}");
        Assert.True(result.Stderr == line + "\n",
            $"{what}: expected the one line\n{line}\nbut stderr was\n{result.Stderr}");
        Assert.True(result.ExitCode == exitCode, $"{what}: exit code {result.ExitCode}, expected {exitCode}");
    }

    private static CliResult RunInProcess(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = CommandLineRunner.Run(CliApp.CreateRoot(), args, stdout, stderr);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Every_verb_refuses_every_class_of_bad_option_in_one_line_and_changes_nothing()
    {
        var before = DiskSnapshot.Take(_host.Root, "run/bootcplug.lock");
        var verbs = Verbs().ToList();
        Assert.Contains(verbs, v => v.Verb == "composefs digest");
        var tried = new List<string>();
        int turn = 0;
        foreach (var (verb, options) in verbs)
        {
            var sample = SampleArguments(verb);
            foreach (var bad in GlobalBadInputs().Concat(ChoiceBadInputs(options)))
            {
                string[] args = [.. verb.Split(' '), .. sample, .. HostOptionsBut(bad), .. bad.Arguments];
                AssertOneLine(RunInProcess(args), bad.ExitCode, bad.Line, $"{verb} with {bad.Name}");
                tried.Add($"{verb}: {bad.Name}");
            }
        }
        // Each class once more through the real executable, on a different verb each time.
        foreach (var bad in GlobalBadInputs())
        {
            var (verb, _) = verbs[turn++ % verbs.Count];
            string[] args = [.. verb.Split(' '), .. SampleArguments(verb), .. HostOptionsBut(bad), .. bad.Arguments];
            AssertOneLine(CliRunner.Run(args), bad.ExitCode, bad.Line, $"bootcplug {verb} with {bad.Name}");
        }
        AssertOneLine(CliRunner.Run("status", "--root", _host.Root, "--format", "text"), 2,
            "bootcplug: --format: expected json, yaml or humanreadable", "status --format text");
        AssertOneLine(CliRunner.Run("status", "--root", _host.Root, "--bootloader", "lilo"), 2,
            "bootcplug: --bootloader: expected grub, systemd or grub-cc", "--bootloader lilo");

        Assert.True(tried.Count >= verbs.Count * GlobalBadInputs().Count(), string.Join("\n", tried));
        Assert.Contains("status: bad --format", tried);
        Assert.Contains("composefs init: bad --algorithm", tried);
        Assert.False(Directory.Exists(Path.Combine(_work, "demo")));
        DiskSnapshot.AssertUnchanged(before, _host.Root, "run/bootcplug.lock");
    }

    [Fact]
    public void A_huge_lock_timeout_waits_indefinitely_instead_of_overflowing()
    {
        foreach (string seconds in new[] { "1e300", "1.7976931348623157E+308", "0" })
        {
            var result = _host.Cli("gc", "--dry-run", "--lock-timeout", seconds);
            Assert.True(result.ExitCode == 0, $"--lock-timeout {seconds}: {result.Stderr}");
            Assert.DoesNotContain("   at ", result.Stderr);
        }
    }

    [Fact]
    public void A_root_the_caller_cannot_list_is_an_error_naming_it_not_an_empty_status()
    {
        // Root reads everything, so the caller is nobody (uid 65534) and the root a folder only root may list.
        File.SetUnixFileMode(_work, (UnixFileMode)Convert.ToInt32("755", 8));
        string root = Path.Combine(_work, "private-root");
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (string verb in new[] { "status", "gc" })
        {
            var result = RunAs(65534, verb, "--root", root);
            AssertOneLine(result, 1, $"bootcplug: {root}: cannot read the host root (--root): permission denied",
                $"{verb} as nobody");
            Assert.Empty(result.Stdout);
        }
    }

    [Fact]
    public void Deploy_of_a_file_or_a_missing_tree_is_a_usage_error_and_changes_nothing()
    {
        var before = DiskSnapshot.Take(_host.Root, "run/bootcplug.lock");
        AssertOneLine(_host.Cli("deploy", "--rootfs", AFile), 2, $"bootcplug: {AFile}: not a directory (--rootfs)",
            "deploy --rootfs FILE");
        AssertOneLine(_host.Cli("deploy", "--rootfs", Missing), 2, $"bootcplug: {Missing}: no such directory",
            "deploy --rootfs MISSING");
        DiskSnapshot.AssertUnchanged(before, _host.Root, "run/bootcplug.lock");
    }

    /// <summary>Runs the real executable as another user (setpriv), for what root would be allowed anyway.</summary>
    private static CliResult RunAs(uint uid, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("setpriv") { RedirectStandardOutput = true,
            RedirectStandardError = true };
        foreach (string arg in new[] { $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "dotnet",
            CliRunner.ExecutablePath }.Concat(args))
            start.ArgumentList.Add(arg);
        start.Environment["HOME"] = "/tmp";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "bootcplug did not finish");
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
