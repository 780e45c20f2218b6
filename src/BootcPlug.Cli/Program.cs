using BootcPlug.Cli;

BootcPlug.Deployments.Faults.FaultPoints.HookDurableIO();
return CommandLineRunner.Run(CliApp.CreateRoot(), args);
