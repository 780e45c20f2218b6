using BootcPlug.Testing;

namespace BootcPlug.Cli.Tests.Docs;

/// <summary>
/// The completion scripts in the real shells: every verb, sub-verb and option of the tree is offered, fixed values
/// exactly, paths where a path is expected, and the bootloader names bootcplug itself reports.
/// </summary>
public sealed class CompletionScriptTests : IDisposable
{
    private readonly ShellHarness shells = new();

    private static readonly IReadOnlyList<CompletionCase> Sweep =
        [.. CompletionCases.Sweep(CompletionCases.Tree), .. CompletionCases.InContext];

    public void Dispose() => shells.Dispose();

    [SkippableFact]
    public void Bash_offers_every_verb_option_and_fixed_value_of_the_tree()
    {
        var offered = shells.Bash(Sweep);
        for (int i = 0; i < Sweep.Count; i++) CompletionCases.Check(Sweep[i], offered[i]);
    }

    [SkippableFact]
    public void Fish_offers_every_verb_option_and_fixed_value_of_the_tree()
    {
        var offered = shells.Fish(Sweep);
        for (int i = 0; i < Sweep.Count; i++) CompletionCases.Check(Sweep[i], offered[i]);
    }

    [SkippableFact]
    public void Zsh_parses_the_script_and_offers_every_verb_option_and_fixed_value_of_the_tree()
    {
        var check = Oracle.Run(Oracle.Require("zsh"), "-n", shells.Script("zsh"));
        Assert.True(check.ExitCode == 0 && check.Stderr.Length == 0, $"zsh -n: {check.Stderr}");
        var offered = shells.Zsh(Sweep);
        for (int i = 0; i < Sweep.Count; i++) CompletionCases.Check(Sweep[i], offered[i]);
    }

    [SkippableFact]
    public void Paths_are_completed_as_directories_or_files_where_the_tree_expects_them()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(Path.Combine(temp.Path, "subdir"));
        File.WriteAllText(Path.Combine(temp.Path, "subfile"), "");
        string prefix = Path.Combine(temp.Path, "sub");
        CompletionCase[] cases =
        [
            new(["bootcplug", "demo", prefix], [prefix + "dir"], Exactly: true),
            new(["bootcplug", "--root", prefix], [prefix + "dir"], Exactly: true),
            new(["bootcplug", "schema", "validate", prefix], [prefix + "dir", prefix + "file"], Exactly: true),
            new(["bootcplug", "composefs", "digest", "--algorithm", "sha256", prefix],
                [prefix + "dir", prefix + "file"], Exactly: true),
        ];
        var bash = shells.Bash(cases);
        // fish marks a directory with a trailing slash.
        var fish = shells.Fish(cases).Select(o => (IReadOnlyList<string>)[.. o.Select(p => p.TrimEnd('/'))]).ToList();
        for (int i = 0; i < cases.Length; i++)
        {
            CompletionCases.Check(cases[i], bash[i]);
            CompletionCases.Check(cases[i], fish[i]);
        }
        var zsh = shells.Zsh(cases);
        Assert.Equal(["<files -/>"], zsh[0]);
        Assert.Equal(["<files -/>"], zsh[1]);
        Assert.Equal(["<files >"], zsh[2]);
        Assert.Equal(["<files >"], zsh[3]);
    }

    [SkippableFact]
    public void Bootloader_names_are_asked_of_bootcplug_and_are_those_the_plugin_manifests_declare()
    {
        using var plugins = BootcPlug.Plugins.PluginHost.Discover([BootcPlug.Plugins.PluginHost.DefaultDirectory]);
        var declared = plugins.DeclaredBootloaders.ToList();
        Assert.Contains("grub", declared);
        CompletionCase[] cases =
        [
            new(["bootcplug", "--bootloader", ""], declared, Exactly: true),
            new(["bootcplug", "--root", "/", "status", "--bootloader", "sys"], ["systemd"], Exactly: true),
        ];
        foreach (var offered in new[] { shells.Bash(cases), shells.Fish(cases) })
            for (int i = 0; i < cases.Length; i++) CompletionCases.Check(cases[i], offered[i]);
        var zsh = shells.Zsh(cases);
        for (int i = 0; i < cases.Length; i++) CompletionCases.Check(cases[i], zsh[i]);
    }

    [Fact]
    public void An_unknown_shell_is_bad_usage_in_one_line()
    {
        var result = CliRunner.Run("completion", "tcsh");
        Assert.Equal((2, ""), (result.ExitCode, result.Stdout));
        Assert.Equal("bootcplug: SHELL: expected bash, zsh or fish\n", result.Stderr);
    }
}
