using System.CommandLine;
using BootcPlug.Cli;

var globals = new GlobalOptions();
var root = new RootCommand("bootcplug: manage the deployments of a composefs-booted host.");
globals.AddTo(root);
root.Subcommands.Add(PluginsCommands.Create(globals));

return CommandLineRunner.Run(root, args);
