using System.CommandLine;
using BootcPlug.Cli.Commands.Composefs;

namespace BootcPlug.Cli.Commands;

/// <summary>`bootcplug composefs ...`: the repository tools (the counterpart of cfsctl).</summary>
public static class ComposefsCommands
{
    public static Command Create(GlobalOptions globals)
    {
        var context = new ComposefsContext(globals);
        var command = new Command("composefs",
            "Manage a composefs repository: objects, images, fs-verity digests, garbage collection.");
        command.Options.Add(context.Repo);
        command.Subcommands.Add(InitVerb.Create(context));
        command.Subcommands.Add(DigestVerb.Create(context));
        command.Subcommands.Add(ObjectsVerb.Create(context));
        command.Subcommands.Add(CreateImageVerb.Create(context));
        command.Subcommands.Add(GcVerb.Create(context));
        command.Subcommands.Add(FsckVerb.Create(context));
        command.Subcommands.Add(OciVerbs.Create(context));
        return command;
    }
}
