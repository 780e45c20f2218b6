using BootcPlug.Cli;
using BootcPlug.Cli.Hosting;
using BootcPlug.Platform;

// The composition root: one set of platform services for the process, with the crash-sweep fault points the
// environment asks for (see ProcessFaultPoints), handed to every verb.
StartupTrace.MainEntered();
// `bootcplug --version` alone is asked by scripts and monitoring: answered before the command tree is built, with
// the same words as System.CommandLine's --version: the executable's informational version (BuildVersion is written
// by the build from the same property).
if (args is ["--version"])
{
    Console.Out.WriteLine(BuildVersion.Informational);
    StartupTrace.Mark("--version answered");
    return ExitCodes.Success;
}
int exit = CommandLineRunner.RunLazily(args, PlatformServices.FromEnvironment());
StartupTrace.Mark("verb done, output flushed");
return exit;
