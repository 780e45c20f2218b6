using System.CommandLine;
using BootcPlug.Cli.Commands;
using BootcPlug.Cli.Docs;
using BootcPlug.Platform;

namespace BootcPlug.Cli;

/// <summary>The whole command tree of bootcplug (tests walk it to sweep every verb and option).</summary>
public static class CliApp
{
    /// <param name="platform">The process's platform services (fault points); none when not given.</param>
    public static RootCommand CreateRoot(PlatformServices? platform = null)
    {
        var globals = new GlobalOptions(platform ?? PlatformServices.Default);
        var root = new RootCommand("Manage the deployments of a composefs-booted host: show their status, deploy "
            + "a root filesystem tree or a container image, switch, upgrade, stage, finalize, roll back, delete and "
            + "garbage-collect. Bootloaders (grub, systemd-boot, unified kernel images and others) are served by "
            + "plugins found at run time.");
        globals.AddTo(root);
        root.Subcommands.Add(SchemaCommands.Create());
        root.Subcommands.Add(PluginsCommands.Create(globals));
        root.Subcommands.Add(StatusCommand.Create(globals));
        root.Subcommands.Add(DeployCommand.Create(globals));
        root.Subcommands.Add(SwitchCommand.Create(globals));
        root.Subcommands.Add(UpgradeCommand.Create(globals));
        root.Subcommands.Add(DemoCommand.Create(globals));
        root.Subcommands.Add(DeleteDeploymentCommand.Create(globals));
        root.Subcommands.Add(GcCommand.Create(globals));
        root.Subcommands.Add(FsckCommand.Create(globals));
        root.Subcommands.Add(SpaceCommand.Create(globals));
        root.Subcommands.Add(RollbackCommand.Create(globals));
        root.Subcommands.Add(FinalizeStagedCommand.Create(globals));
        root.Subcommands.Add(PinCommands.CreatePin(globals));
        root.Subcommands.Add(PinCommands.CreateUnpin(globals));
        root.Subcommands.Add(PruneCommand.Create(globals));
        root.Subcommands.Add(ComposefsCommands.Create(globals));
        root.Subcommands.Add(CompletionCommand.Create(root));
        root.Subcommands.Add(ManCommand.Create(root));
        RootManual.Describe(root);
        return root;
    }
}
