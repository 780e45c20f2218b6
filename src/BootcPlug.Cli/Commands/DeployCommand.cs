using System.CommandLine;
using BootcPlug.Cli.Commands.Composefs;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments.Operations.Deploy;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Commands;

/// <summary>
/// `deploy --rootfs DIR | --image oci:DIR[:TAG|@DIGEST] | --image oci-archive:FILE[:TAG] [--stage] [--karg ARG]...
/// [--image-ref REF] [--erofs-version 1|2] [--keep N] [--boot-tries N]`.
/// </summary>
public static class DeployCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var rootfs = new Option<DirectoryInfo>("--rootfs")
        {
            Description = "The root filesystem tree to deploy (or --image).",
            HelpName = "DIR",
        };
        var image = new Option<string?>("--image")
        {
            Description = "The container image to deploy (or --rootfs): oci:DIR[:TAG|@DIGEST] (an OCI image layout) "
                + "or oci-archive:FILE[:TAG]. It is imported into the repository and tagged so that gc keeps it.",
            HelpName = "IMAGE",
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
        var keep = new Option<int?>("--keep")
        {
            Description = "Keep up to N deployments in the boot menu (the new, booted and pinned ones count), "
                + "then collect garbage, as 'prune --keep N'.",
            HelpName = "N",
        };
        var bootTries = new Option<int?>("--boot-tries")
        {
            Description = "Write the new entry with systemd's boot counter: N attempts (systemd-boot only).",
            HelpName = "N",
        };
        var deploy = new Command("deploy",
            "Make a deployment from a root filesystem tree or a container image: objects, image, kernel or UKI, "
            + "boot entries, state.")
        {
            rootfs, image, stage, karg, imageRef, erofsVersion, keep, bootTries,
        };
        deploy.SetAction(parse => HostVerb.Run(parse, globals, exclusive: true, (session, output, error) =>
        {
            if (parse.GetValue(keep) is < 1 and var k)
                throw new Deployments.UsageException($"--keep {k}: keep at least 1 deployment");
            if (parse.GetValue(bootTries) is (< 1 or > 99) and var t)
                throw new Deployments.UsageException($"--boot-tries {t}: give 1 to 99 attempts");
            var tree = parse.GetValue(rootfs);
            string? imageText = parse.GetValue(image);
            if ((tree is null) == (imageText is null))
                throw new Deployments.UsageException("give exactly one of --rootfs DIR and --image IMAGE");
            if (imageText is not null && parse.GetValue(imageRef) is not null)
                throw new Deployments.UsageException(
                    "--image-ref: applies to --rootfs only (an image deployment records the image it came from)");
            var request = new DeployRequest(tree?.FullName ?? "", parse.GetValue(stage),
                parse.GetValue(karg) ?? [], parse.GetValue(imageRef),
                ErofsVersion: ErofsVersionOption.Value(parse, erofsVersion))
            {
                Keep = parse.GetValue(keep),
                BootTries = parse.GetValue(bootTries),
                Image = imageText is null ? null : ImageSourceArgument.Parse(imageText, "--image"),
                ImportProgress = ImportProgressText.OnTerminal(error),
                TreeProgress = TreeProgressText.OnTerminal(error),
            };
            var result = new Deploy(session.Host).Run(request);
            if (result.BootTriesIgnored)
                error.WriteLine($"warning: --boot-tries ignored: the {session.Host.Bootloaders.Name} boot loader does "
                    + "not count boot attempts (systemd-boot does)");
            output.Write(DeployResultText.Text(result));
            if (result.GcRefusal is not null) throw new Deployments.OperationFailedException(result.GcRefusal);
            return ExitCodes.Success;
        }));
        return deploy;
    }
}
