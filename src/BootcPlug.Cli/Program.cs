using BootcPlug.Cli;
using BootcPlug.Cli.Hosting;
using BootcPlug.Platform;

// The composition root: one set of platform services for the process, with the crash-sweep fault points the
// environment asks for (see ProcessFaultPoints), handed to every verb.
StartupTrace.MainEntered();
var root = CliApp.CreateRoot(PlatformServices.FromEnvironment());
StartupTrace.Mark("command tree");
int exit = CommandLineRunner.Run(root, args);
StartupTrace.Mark("verb done, output flushed");
return exit;
