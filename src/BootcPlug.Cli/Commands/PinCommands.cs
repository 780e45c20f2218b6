using System.CommandLine;
using BootcPlug.Cli.Hosting;
using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Commands;

/// <summary>`pin ID` and `unpin ID`.</summary>
public static class PinCommands
{
    public static Command CreatePin(GlobalOptions globals) => Create(globals, pinned: true);

    public static Command CreateUnpin(GlobalOptions globals) => Create(globals, pinned: false);

    private static Command Create(GlobalOptions globals, bool pinned)
    {
        var id = new Argument<string>("ID")
        {
            Description = "Deployment verity, or a unique prefix of at least 12 characters.",
        };
        var command = pinned
            ? new Command("pin", "Keep a deployment in the boot menu: prune, deploy and delete-deployment leave it.")
            : new Command("unpin", "Let prune, deploy and delete-deployment drop a pinned deployment again.");
        command.Arguments.Add(id);
        command.SetAction(parse => HostVerb.Run(parse, globals, exclusive: true, (session, output, error) =>
        {
            var request = new PinRequest(DeploymentIdPrefix.Parse(parse.GetValue(id)!), pinned);
            var report = new PinDeployment(session.Host).Run(request);
            string state = pinned ? "pinned" : "unpinned";
            output.WriteLine(report.Changed
                ? $"{(pinned ? "Pinned" : "Unpinned")} deployment {report.Id}"
                : $"Deployment {report.Id} is already {state}");
            if (report.DroppedAtFinalize)
                error.WriteLine($"warning: the staged update's menu leaves {report.Id.Short} out, so finalizing it "
                    + "drops it from the boot menu all the same; deploy the update again to keep it");
            return ExitCodes.Success;
        }));
        return command;
    }
}
