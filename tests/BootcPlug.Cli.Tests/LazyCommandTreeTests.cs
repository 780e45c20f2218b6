using BootcPlug.Cli.Docs;
using BootcPlug.Platform;

namespace BootcPlug.Cli.Tests;

/// <summary>
/// bootcplug builds only the verb its arguments name (<see cref="CliApp.CreateRootFor"/>): whatever the command line,
/// it must answer exactly as with the whole tree.
/// </summary>
public sealed class LazyCommandTreeTests
{
    public static IEnumerable<object[]> EveryVerbHelp =>
        VerbNode.Walk(CliApp.CreateRoot()).Where(n => !n.IsRoot).Select(n => new object[] { n.Words.Skip(1)
            .Append("--help").ToArray() });

    /// <summary>Words that are verb names in other places: option values, a verb's arguments, directives.</summary>
    public static IEnumerable<object[]> Tricky =>
    [
        [new[] { "--root", "status", "gc", "--help" }],
        [new[] { "--bootloader", "gc", "status", "--help" }],
        [new[] { "--log-format", "status", "status", "--help" }],
        [new[] { "gc", "status" }],
        [new[] { "status", "gc" }],
        [new[] { "plugins", "status" }],
        [new[] { "status", "--no-such-option" }],
        [new[] { "composefs" }],
        [new[] { "no-such-verb", "status" }],
        [new[] { "--help" }],
        [new[] { "[suggest:3]", "sta" }],
        [new[] { "[suggest:18]", "status --format " }],
        [new[] { "schema", "print", "gc-report" }],
    ];

    [Theory]
    [MemberData(nameof(EveryVerbHelp))]
    [MemberData(nameof(Tricky))]
    public void The_one_verb_tree_answers_as_the_whole_tree(string[] args)
    {
        var whole = Run(args, lazily: false);
        var lazy = Run(args, lazily: true);
        Assert.Equal(whole, lazy);
    }

    [Fact]
    public void Only_the_named_verb_is_built()
    {
        var root = CliApp.CreateRootFor(["--root", "/", "status", "--format", "json"]);
        Assert.Equal(["status"], root.Subcommands.Select(c => c.Name));
        Assert.Equal(CliApp.CreateRoot().Options.Select(o => o.Name), root.Options.Select(o => o.Name));
    }

    [Fact]
    public void Every_verb_but_completion_and_man_can_be_built_alone()
    {
        var whole = CliApp.CreateRoot().Subcommands.Select(c => c.Name).Except(["completion", "man"]);
        Assert.Equal(whole, CliApp.VerbNames);
        foreach (string verb in CliApp.VerbNames)
            Assert.Equal([verb], CliApp.CreateRootFor([verb]).Subcommands.Select(c => c.Name));
        Assert.Equal(CliApp.CreateRoot().Subcommands.Count, CliApp.CreateRootFor(["man"]).Subcommands.Count);
    }

    private static (int Exit, string Stdout, string Stderr) Run(string[] args, bool lazily)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = lazily
            ? CommandLineRunner.RunLazily(args, PlatformServices.Default, stdout, stderr)
            : CommandLineRunner.Run(CliApp.CreateRoot(), args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
