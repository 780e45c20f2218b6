using System.Text;
using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Output;

/// <summary>What delete-deployment prints: the ids already unlinked, each deleted deployment, the GC report.</summary>
public static class DeletionText
{
    public static string Text(DeleteDeploymentsReport report)
    {
        var text = new StringBuilder();
        foreach (var id in report.AlreadyUnlinked)
            text.AppendLine($"Deployment {id} has no boot entries left (already unlinked); gc removes the rest of it");
        foreach (var d in report.Deleted)
        {
            string marker = d.MarkerRemoved ? ", staged marker" : "";
            text.AppendLine($"{(report.DryRun ? "Would delete" : "Deleted")} {d.Kind()} deployment {d.Id} "
                + $"({d.LiveEntries} live, {d.StagedEntries} staged entries{marker})");
        }
        if (report.Gc is not null) text.Append(GcReportText.Text(report.Gc));
        return text.ToString();
    }
}
