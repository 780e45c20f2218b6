using System.CommandLine;
using BootcPlug.Cli;
using BootcPlug.Cli.Commands;

var globals = new GlobalOptions();
var root = new RootCommand("bootcplug: manage the deployments of a composefs-booted host.");
globals.AddTo(root);
root.Subcommands.Add(SchemaCommands.Create());
root.Subcommands.Add(PluginsCommands.Create(globals));

return CommandLineRunner.Run(root, args);
