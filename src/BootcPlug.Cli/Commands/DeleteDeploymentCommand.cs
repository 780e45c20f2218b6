using System.CommandLine;
using System.Text;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Commands;

/// <summary>
/// `delete-deployment ID... [--dry-run] [--no-gc]`: parse, run <see cref="DeleteDeployments"/>, print its report.
/// </summary>
public static class DeleteDeploymentCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<string[]>("ID")
        {
            Description = "Deployment verity, or a unique prefix of at least 12 characters.",
            Arity = ArgumentArity.OneOrMore,
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Report what would be removed, and change nothing.",
        };
        var noGc = new Option<bool>("--no-gc")
        {
            Description = "Only unlink the boot entries; leave the rest for a later 'gc'.",
        };
        var delete = new Command("delete-deployment",
            "Unlink deployments' boot entries (never the booted one), then garbage-collect.")
        {
            ids, dryRun, noGc
        };
        delete.SetAction(parse => HostVerb.Run(parse, globals, exclusive: true, (session, output, error) =>
        {
            var prefixes = parse.GetValue(ids)!.Select(DeploymentIdPrefix.Parse).ToList();
            var request = new DeleteDeploymentsRequest(prefixes, parse.GetValue(dryRun),
                CollectGarbage: !parse.GetValue(noGc));
            var report = new DeleteDeployments(session.Host).Run(request, Progress.OnTerminal(error));
            output.Write(Text(report));
            return ExitCodes.Success;
        }));
        return delete;
    }

    /// <summary>The ids already unlinked, each deleted deployment, then the GC report.</summary>
    private static string Text(DeleteDeploymentsReport report)
    {
        var text = new StringBuilder();
        foreach (var id in report.AlreadyUnlinked)
            text.AppendLine($"Deployment {id} has no boot entries left (already unlinked); gc removes the rest of it");
        foreach (var d in report.Deleted)
        {
            string marker = d.MarkerRemoved ? ", staged marker" : "";
            text.AppendLine($"{(report.DryRun ? "Would delete" : "Deleted")} {d.Kind} deployment {d.Id} "
                + $"({d.LiveEntries} live, {d.StagedEntries} staged entries{marker})");
        }
        if (report.Gc is not null) text.Append(GcReportText.Text(report.Gc));
        return text.ToString();
    }
}
