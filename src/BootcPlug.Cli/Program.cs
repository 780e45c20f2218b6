using BootcPlug.Cli;
using BootcPlug.Platform;

// The composition root: one set of platform services for the process, with the crash-sweep fault points the
// environment asks for (see ProcessFaultPoints), handed to every verb.
return CommandLineRunner.Run(CliApp.CreateRoot(PlatformServices.FromEnvironment()), args);
