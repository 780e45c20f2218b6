using System.CommandLine;
using BootcPlug.Cli.Commands.Composefs;
using BootcPlug.Cli.Hosting;
using BootcPlug.Deployments.Operations.Deploy;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Commands;

/// <summary>`deploy --rootfs DIR [--stage] [--karg ARG]... [--image-ref REF] [--erofs-version 1|2]`.</summary>
public static class DeployCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var rootfs = new Option<DirectoryInfo>("--rootfs")
        {
            Description = "The root filesystem tree to deploy.",
            Required = true,
            HelpName = "DIR",
        };
        var stage = new Option<bool>("--stage")
        {
            Description = "Stage for the next boot instead of making it the default now.",
        };
        var karg = new Option<string[]>("--karg")
        {
            Description = "Add a kernel argument (Type1 entries).",
            HelpName = "ARG",
            AllowMultipleArgumentsPerToken = false,
        };
        var imageRef = new Option<string?>("--image-ref")
        {
            Description = "The container image this tree is (shown by status), e.g. quay.io/example/os:42.",
            HelpName = "REF",
        };
        var erofsVersion = ErofsVersionOption.Create();
        var deploy = new Command("deploy",
            "Make a deployment from a root filesystem tree: objects, image, kernel or UKI, boot entries, state.")
        {
            rootfs, stage, karg, imageRef, erofsVersion,
        };
        deploy.SetAction(parse => HostVerb.Run(parse, globals, exclusive: true, (session, output, _) =>
        {
            var request = new DeployRequest(parse.GetValue(rootfs)!.FullName, parse.GetValue(stage),
                parse.GetValue(karg) ?? [], parse.GetValue(imageRef),
                ErofsVersion: ErofsVersionOption.Value(parse, erofsVersion));
            var result = new Deploy(session.Host).Run(request);
            output.WriteLine(result.Id);
            return ExitCodes.Success;
        }));
        return deploy;
    }
}
