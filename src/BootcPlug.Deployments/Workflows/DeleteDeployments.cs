using BootcPlug.Bootloaders;
using BootcPlug.Deployments.Operations;
using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Workflows;

/// <summary>What `delete-deployment` is asked for.</summary>
/// <param name="Ids">The deployments, each by its id or a unique prefix of it.</param>
/// <param name="CollectGarbage">Collect what the deleted deployments leave (false: only unlink their entries).</param>
public sealed record DeleteDeploymentsRequest(IReadOnlyList<DeploymentIdPrefix> Ids, bool DryRun, bool CollectGarbage);

/// <summary>What a delete changed (or in a dry run would change).</summary>
/// <param name="AlreadyUnlinked">Ids whose entries an earlier, interrupted delete already unlinked.</param>
/// <param name="Deleted">The deployments whose entries were unlinked, in the order given.</param>
/// <param name="Gc">The GC that followed, when asked for.</param>
public sealed record DeleteDeploymentsReport(
    bool DryRun,
    IReadOnlyList<DeploymentId> AlreadyUnlinked,
    IReadOnlyList<DeletedDeployment> Deleted,
    GcReport? Gc);

/// <summary>
/// `delete-deployment`: resolve the ids, unlink each target's boot entries (the commit point), collect the rest.
/// The GC is planned against the entries as they will be, before anything is unlinked: when it refuses (doubt
/// about a deployment that stays live), the targets keep their entries too. One plan serves the dry run and the
/// real one, so the dry run reports exactly what happens.
/// </summary>
public sealed class DeleteDeployments(HostContext host)
{
    public DeleteDeploymentsReport Run(DeleteDeploymentsRequest request, IProgress<string>? progress = null)
    {
        bool dryRun = request.DryRun;
        if (!dryRun) HostRecovery.Run(host.Paths, host.Bootloaders);
        var inventory = host.ReadInventory();
        var (targets, alreadyUnlinked) = DeploymentResolver.Resolve(inventory, request.Ids);
        var unlinker = new DeploymentUnlinker(host.Paths, host.Bootloaders, host.Logger);
        if (!request.CollectGarbage)
            return new(dryRun, alreadyUnlinked, targets.Select(t => unlinker.Unlink(inventory, t, dryRun)).ToList(), null);

        var view = InventoryView.Without(inventory, targets.Select(t => t.Id));
        using var gc = new CollectGarbage(host).Plan(view, dryRun, artifactsOnly: false, progress);
        var deleted = targets.Select(t => unlinker.Unlink(inventory, t, dryRun)).ToList();
        return new(dryRun, alreadyUnlinked, deleted, gc.Execute(host.Logger, progress));
    }
}
