using System.CommandLine;
using BootcPlug.Cli.Commands;
using BootcPlug.Cli.Docs;
using BootcPlug.Platform;

namespace BootcPlug.Cli;

/// <summary>The whole command tree of bootcplug (tests walk it to sweep every verb and option).</summary>
public static class CliApp
{
    /// <summary>
    /// Every verb under the root, in the order help lists them, with the builder of its subtree. <c>completion</c>
    /// and <c>man</c> describe the whole tree, so they are added by <see cref="CreateRoot"/> itself.
    /// </summary>
    private static readonly (string Name, Func<GlobalOptions, Command> Create)[] Verbs =
    [
        ("schema", _ => SchemaCommands.Create()),
        ("plugins", PluginsCommands.Create),
        ("status", StatusCommand.Create),
        ("deploy", DeployCommand.Create),
        ("switch", SwitchCommand.Create),
        ("upgrade", UpgradeCommand.Create),
        ("demo", DemoCommand.Create),
        ("delete-deployment", DeleteDeploymentCommand.Create),
        ("gc", GcCommand.Create),
        ("fsck", FsckCommand.Create),
        ("space", SpaceCommand.Create),
        ("rollback", RollbackCommand.Create),
        ("finalize-staged", FinalizeStagedCommand.Create),
        ("pin", PinCommands.CreatePin),
        ("unpin", PinCommands.CreateUnpin),
        ("prune", PruneCommand.Create),
        ("composefs", ComposefsCommands.Create),
    ];

    /// <summary>The names <see cref="CreateRootFor"/> can build alone (every verb but completion and man).</summary>
    internal static IEnumerable<string> VerbNames => Verbs.Select(v => v.Name);

    /// <param name="platform">The process's platform services (fault points); none when not given.</param>
    public static RootCommand CreateRoot(PlatformServices? platform = null)
    {
        var (root, globals) = CreateBareRoot(platform);
        foreach (var (_, create) in Verbs) root.Subcommands.Add(create(globals));
        root.Subcommands.Add(CompletionCommand.Create(root));
        root.Subcommands.Add(ManCommand.Create(root));
        return root;
    }

    /// <summary>
    /// The root with only the verb that <paramref name="args"/> name (the first word that is a verb's name), or the
    /// whole tree when they name none: building every verb's options, validators and texts costs more than a cold
    /// `status` spends on anything else of the command line. The caller parses with it and falls back to
    /// <see cref="CreateRoot"/> unless that parse reached the verb without errors (<see cref="Reached"/>): the
    /// word may have been another option's value, and a parse that went wrong must say what the whole tree says.
    /// Directives (<c>[suggest]</c> of the completion scripts) always get the whole tree.
    /// </summary>
    public static RootCommand CreateRootFor(string[] args, PlatformServices? platform = null)
    {
        int first = Array.FindIndex(args, IsVerb);
        if (first < 0 || args.Any(a => a.StartsWith('['))) return CreateRoot(platform);
        var (root, globals) = CreateBareRoot(platform);
        root.Subcommands.Add(Verbs.First(v => v.Name == args[first]).Create(globals));
        return root;
    }

    /// <summary>
    /// Whether a parse with <see cref="CreateRootFor"/>'s one-verb root means what the whole tree would: it reached
    /// a verb and found no error.
    /// </summary>
    public static bool Reached(ParseResult parse) =>
        parse.Errors.Count == 0 && parse.CommandResult.Command is not RootCommand;

    private static bool IsVerb(string word) => Array.Exists(Verbs, v => v.Name == word);

    private static (RootCommand Root, GlobalOptions Globals) CreateBareRoot(PlatformServices? platform)
    {
        var globals = new GlobalOptions(platform ?? PlatformServices.Default);
        var root = new RootCommand("Manage the deployments of a composefs-booted host: show their status, deploy "
            + "a root filesystem tree or a container image, switch, upgrade, stage, finalize, roll back, delete and "
            + "garbage-collect. Bootloaders (grub, systemd-boot, unified kernel images and others) are served by "
            + "plugins found at run time.");
        globals.AddTo(root);
        RootManual.Describe(root);
        return (root, globals);
    }
}
