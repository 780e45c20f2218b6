using BootcPlug.Bootloaders;
using BootcPlug.Deployments.Operations.Gc;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Workflows;

/// <summary>How finalize ended.</summary>
public enum FinalizeOutcome
{
    NothingStaged,
    DownloadOnly,
    Finalized,
}

/// <summary>What finalize did.</summary>
/// <param name="Deployment">The staged deployment (finalized or download-only).</param>
/// <param name="Gc">The artifacts-only GC after a finalize.</param>
/// <param name="GcRefusal">Why that GC refused, when it did (the finalize itself stands).</param>
public sealed record FinalizeStagedReport(
    FinalizeOutcome Outcome, DeploymentId? Deployment, GcReport? Gc, string? GcRefusal)
{
    /// <summary>Live deployments the staged menu left out: the swap dropped them from the boot menu.</summary>
    public IReadOnlyList<DeploymentRecord> Dropped { get; init; } = [];

    /// <summary>The deployments of the new menu behind the finalized one, in menu order.</summary>
    public IReadOnlyList<DeploymentId> Kept { get; init; } = [];
}

/// <summary>
/// `finalize-staged`: swaps the staged entry set into place in one atomic exchange (what a shutdown does), removes
/// the staged marker, then the boot artifacts no entry boots any more. A download-only deployment is left staged.
/// /etc is kept as deployed: the three-way merge of upstream's finalize is not done.
/// </summary>
public sealed class FinalizeStaged(HostContext host)
{
    public FinalizeStagedReport Run(IProgress<string>? progress = null)
    {
        host.Recover();
        var inventory = host.ReadInventory();
        if (inventory.StagedDeployment is not { } staged)
        {
            if (inventory.MarkerProblem is { } problem)
                host.Logger.LogWarning("{Problem}; the staged deployment is unknown, nothing finalized", problem);
            host.Logger.LogInformation("No staged deployment found");
            return new(FinalizeOutcome.NothingStaged, null, null, null);
        }
        var scope = new Dictionary<string, object> { ["Operation"] = "finalize", ["Deployment"] = staged.Id.Value };
        using (host.Logger.BeginScope(scope))
        {
            if (inventory.Marker is { FinalizationLocked: true })
            {
                host.Logger.LogInformation(
                    "Staged deployment {Deployment} is download-only; not finalized", staged.Id.Value);
                return new(FinalizeOutcome.DownloadOnly, staged.Id, null, null);
            }
            var menu = host.Bootloaders.Menu;
            menu.FinalizeStaged(host.Bootloaders.Context);
            host.Bootloaders.Platform.Faults.Reached("finalize.swapped");
            StagedMarker.Delete(host.Paths.StagedMarker, host.Bootloaders.Platform.Files);
            host.Bootloaders.Platform.Faults.Reached("finalize.marker-removed");
            host.Logger.LogInformation("Finalized staged deployment {Deployment}", staged.Id.Value);
        }
        var dropped = inventory.Deployments.Where(d => d.InLive && !d.InStaged).ToList();
        var kept = inventory.Entries.Staged.Select(e => e.Deployment).Distinct().Where(id => id != staged.Id).ToList();
        try
        {
            // The inventory as finalize left it: the staged set is the menu now.
            var view = InventoryView.AfterFinalize(inventory);
            using var gc = GcExecutor.Prepare(view, dryRun: false, artifactsOnly: true, host.Logger, progress);
            return new(FinalizeOutcome.Finalized, staged.Id, gc.Execute(progress), null)
            {
                Dropped = dropped,
                Kept = kept,
            };
        }
        catch (OperationFailedException refused)
        {
            return new(FinalizeOutcome.Finalized, staged.Id, null, refused.Message) { Dropped = dropped, Kept = kept };
        }
    }
}
