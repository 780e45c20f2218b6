using BootcPlug.Bootloaders;
using BootcPlug.Deployments.Operations.Gc;
using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Workflows;

/// <summary>What `delete-deployment` is asked for.</summary>
/// <param name="Ids">The deployments, each by its id or a unique prefix of it.</param>
/// <param name="CollectGarbage">Collect what the deleted deployments leave (false: only unlink their entries).</param>
public sealed record DeleteDeploymentsRequest(IReadOnlyList<DeploymentIdPrefix> Ids, bool DryRun, bool CollectGarbage);

/// <summary>What deleting one deployment does (or, in a dry run, would do).</summary>
/// <param name="Role">Its role before the delete (never booted).</param>
public sealed record DeletedDeployment(
    DeploymentId Id, DeploymentRole Role, int LiveEntries, int StagedEntries, bool MarkerRemoved)
{
    /// <summary>How messages name it: staged, rollback or other.</summary>
    public string Kind => Role switch
    {
        DeploymentRole.Staged => "staged",
        DeploymentRole.Rollback => "rollback",
        _ => "other",
    };
}

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
/// `delete-deployment`: resolve the ids, unlink each target's GC roots, its boot entries, through the menu plugin
/// (each change atomic and durable: the commit point), then collect the rest. The GC is planned against the entries
/// as they will be, before anything is unlinked: when it refuses (doubt about a deployment that stays live), the
/// targets keep their entries too, and one plan serves the dry run and the real one. Deleting the staged deployment
/// also removes the staged marker; deleting any other never discards a staged update.
/// <para>
/// The route of `delete-deployment ID`: DeleteDeploymentCommand (the id becomes a <see cref="DeploymentIdPrefix"/>)
/// → this workflow (recovery, then everything below) → HostInventory (read once, roles assigned) →
/// DeploymentResolver (prefix → DeploymentRecord) → GcExecutor.Prepare (exclusive repository lock) → GcPlanner
/// (the typed plan; the repository is marked once by RepositoryGarbageCollector.Plan) → the menu plugin
/// (RemoveEntries) → GcExecutor.Execute (sweep, then RepositoryGarbageCollector.Execute of that same plan).
/// </para>
/// </summary>
public sealed class DeleteDeployments(HostContext host)
{
    public DeleteDeploymentsReport Run(DeleteDeploymentsRequest request, IProgress<string>? progress = null)
    {
        bool dryRun = request.DryRun;
        if (!dryRun) host.Recover();
        var inventory = host.ReadInventory();
        var (targets, alreadyUnlinked) = DeploymentResolver.Resolve(inventory, request.Ids);
        if (!request.CollectGarbage)
            return new(dryRun, alreadyUnlinked, targets.Select(t => Unlink(inventory, t, dryRun)).ToList(), null);

        var view = InventoryView.Without(inventory, targets.Select(t => t.Id));
        using var gc = GcExecutor.Prepare(view, dryRun, artifactsOnly: false, host.Logger, progress);
        var deleted = targets.Select(t => Unlink(inventory, t, dryRun)).ToList();
        return new(dryRun, alreadyUnlinked, deleted, gc.Execute(progress));
    }

    private DeletedDeployment Unlink(HostInventory inventory, DeploymentRecord target, bool dryRun)
    {
        using var scope = host.Logger.BeginScope(new Dictionary<string, object>
        {
            ["Operation"] = "delete",
            ["Deployment"] = target.Id.Value,
            ["Booted"] = inventory.BootedKarg?.Verity ?? "",
        });
        int live = target.Entries.Count(e => e.Set == BootEntrySet.Live);
        int staged = target.Entries.Count(e => e.Set == BootEntrySet.Staged);
        bool marker = inventory.Marker?.Names(target.Id) == true;
        if (dryRun) return new DeletedDeployment(target.Id, target.Role, live, staged, marker);

        var menu = host.Bootloaders.Menu;
        if (staged > 0)
        {
            staged = menu.RemoveEntries(host.Bootloaders.Context, target.Id, BootEntrySet.Staged);
            host.Bootloaders.Platform.Faults.Reached("delete.staged-entries-removed");
        }
        if (marker)
        {
            StagedMarker.Delete(host.Paths.StagedMarker, host.Bootloaders.Platform.Files);
            host.Bootloaders.Platform.Faults.Reached("delete.marker-removed");
        }
        if (live > 0)
        {
            live = menu.RemoveEntries(host.Bootloaders.Context, target.Id, BootEntrySet.Live);
            host.Bootloaders.Platform.Faults.Reached("delete.live-entries-removed");
        }
        var deleted = new DeletedDeployment(target.Id, target.Role, live, staged, marker);
        host.Logger.LogInformation("Deleted {Kind} deployment {Deployment}", deleted.Kind, target.Id.Value);
        return deleted;
    }
}
