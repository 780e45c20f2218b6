using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Workflows;

/// <summary>What `prune` is asked for.</summary>
/// <param name="Keep">How many deployments the live menu keeps (at least 1).</param>
public sealed record PruneRequest(int Keep, bool DryRun);

/// <summary>
/// `prune --keep N`: removes the deployments that <see cref="RetentionPolicy.ForMenu"/> drops from the live boot menu
/// (never the booted one, one the staged set boots, or a pinned one), then collects garbage. The removal and the
/// collection are delete-deployment's (<see cref="DeleteDeployments"/>): each unlink is atomic and durable and has its
/// fault point, and the GC is planned before anything is unlinked, so a dry run reports exactly what a real run does
/// and an interrupted prune is finished by running it again.
/// </summary>
public sealed class Prune(HostContext host)
{
    public const string ReportApiVersion = "bootcplug.dev/prune-report/v1";

    public PruneReport Run(PruneRequest request, IProgress<string>? progress = null)
    {
        if (request.Keep < 1) throw new UsageException($"--keep {request.Keep}: keep at least 1 deployment");
        if (!request.DryRun) host.Recover();
        var plan = RetentionPolicy.ForMenu(host.ReadInventory(), request.Keep);
        var ids = plan.Dropped.Select(d => DeploymentIdPrefix.Of(d.Id)).ToList();
        var deleted = new DeleteDeployments(host).Run(
            new DeleteDeploymentsRequest(ids, request.DryRun, CollectGarbage: true), progress);
        var gc = deleted.Gc!;
        return new PruneReport
        {
            ApiVersion = ReportApiVersion,
            DryRun = request.DryRun,
            Keep = (uint)request.Keep,
            Kept = [.. plan.Kept.Select(k => new KeptDeployment { Id = k.Deployment.Id.Value, Reason = k.Reason })],
            Removed = [.. deleted.Deleted.Select(d => new RemovedDeployment
            {
                Id = d.Id.Value,
                Role = d.Role == DeploymentRole.Rollback ? RemovedRole.Rollback : RemovedRole.Other,
                LiveEntries = (uint)d.LiveEntries,
            })],
            Collected = new PruneCollected
            {
                BootArtifacts = gc.BootArtifacts.Count,
                StateDirs = gc.StateDirs.Count,
                Objects = gc.Objects.Count,
                Bytes = gc.BootArtifacts.Bytes + gc.StateDirs.Bytes + gc.Objects.Bytes,
            },
        };
    }
}
