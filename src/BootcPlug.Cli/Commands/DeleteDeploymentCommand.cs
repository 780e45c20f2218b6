using System.CommandLine;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Commands;

/// <summary>`delete-deployment ID... [--dry-run] [--no-gc]`.</summary>
public static class DeleteDeploymentCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<string[]>("ID") { Description = "Deployment verity, or a unique prefix of at least 12 characters.", Arity = ArgumentArity.OneOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would be removed, and change nothing." };
        var noGc = new Option<bool>("--no-gc") { Description = "Only unlink the boot entries; leave the rest for a later 'gc'." };
        var delete = new Command("delete-deployment", "Unlink deployments' boot entries (never the booted one), then garbage-collect.") { ids, dryRun, noGc };
        delete.SetAction(parse => HostVerb.Run(parse, globals, exclusive: true, (session, output, error) =>
        {
            var request = new DeleteDeploymentsRequest(
                parse.GetValue(ids)!.Select(DeploymentIdPrefix.Parse).ToList(), parse.GetValue(dryRun), !parse.GetValue(noGc));
            var report = new DeleteDeployments(session.Host).Run(request, Progress.OnTerminal(error));
            output.Write(DeletionText.Text(report));
            return ExitCodes.Success;
        }));
        return delete;
    }
}
