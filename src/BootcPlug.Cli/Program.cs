using System.CommandLine;
using BootcPlug.Cli;
using BootcPlug.Cli.Commands;

BootcPlug.Deployments.Faults.FaultPoints.HookDurableIO();
var globals = new GlobalOptions();
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

return CommandLineRunner.Run(root, args);
