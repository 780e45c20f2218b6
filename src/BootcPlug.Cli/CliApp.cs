using System.CommandLine;
using BootcPlug.Cli.Commands;
using BootcPlug.Platform;

namespace BootcPlug.Cli;

/// <summary>The whole command tree of bootcplug (tests walk it to sweep every verb and option).</summary>
public static class CliApp
{
    /// <param name="platform">The process's platform services (fault points); none when not given.</param>
    public static RootCommand CreateRoot(PlatformServices? platform = null)
    {
        var globals = new GlobalOptions(platform ?? PlatformServices.Default);
        var root = new RootCommand("bootcplug: manage the deployments of a composefs-booted host.");
        globals.AddTo(root);
        root.Subcommands.Add(SchemaCommands.Create());
        root.Subcommands.Add(PluginsCommands.Create(globals));
        root.Subcommands.Add(StatusCommand.Create(globals));
        root.Subcommands.Add(DeployCommand.Create(globals));
        root.Subcommands.Add(DemoCommand.Create(globals));
        root.Subcommands.Add(DeleteDeploymentCommand.Create(globals));
        root.Subcommands.Add(GcCommand.Create(globals));
        root.Subcommands.Add(RollbackCommand.Create(globals));
        root.Subcommands.Add(FinalizeStagedCommand.Create(globals));
        root.Subcommands.Add(ComposefsCommands.Create(globals));
        return root;
    }
}
