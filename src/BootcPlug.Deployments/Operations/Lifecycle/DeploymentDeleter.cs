using BootcPlug.Bootloaders;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Operations.Lifecycle;

/// <summary>What deleting one deployment does (or, in a dry run, would do).</summary>
public sealed record DeletedDeployment(string Verity, string Kind, int LiveEntries, int StagedEntries, bool MarkerRemoved);

/// <summary>
/// `delete-deployment`: unlinks each deployment's GC roots, its boot entries, through the menu plugin (each change
/// atomic and durable). That is the commit point; the GC that follows removes the rest. Deleting the staged
/// deployment also removes the staged marker; deleting any other never discards a staged update.
/// </summary>
public sealed class DeploymentDeleter(HostPaths paths, HostBootloaders bootloaders, ILogger logger)
{
    public IReadOnlyList<DeletedDeployment> Delete(HostInventory inventory, IReadOnlyList<DeploymentRecord> targets, bool dryRun)
    {
        if (!dryRun) HostRecovery.Run(paths, bootloaders);
        var results = new List<DeletedDeployment>();
        foreach (var target in targets)
        {
            using var scope = logger.BeginScope(new Dictionary<string, object>
            {
                ["Operation"] = "delete",
                ["Deployment"] = target.Verity,
                ["Booted"] = inventory.Booted?.Verity ?? "",
            });
            bool isStaged = inventory.StagedDeployment?.Verity == target.Verity
                || inventory.Entries.Staged.FirstOrDefault()?.Deployment.Value == target.Verity;
            string kind = isStaged ? "staged" : target.Verity == inventory.RollbackCandidates(inventory.Booted?.Verity).FirstOrDefault()?.Verity ? "rollback" : "other";
            int live = target.Entries.Count(e => e.Set == BootEntrySet.Live);
            int staged = target.Entries.Count(e => e.Set == BootEntrySet.Staged);
            bool marker = inventory.Marker?.DeploymentId == target.Verity;
            if (!dryRun)
            {
                if (staged > 0)
                {
                    staged = bootloaders.Menu.RemoveEntries(bootloaders.Context, DeploymentId.Parse(target.Verity), BootEntrySet.Staged);
                    bootloaders.Platform.Faults.Reached("delete.staged-entries-removed");
                }
                if (marker)
                {
                    StagedMarker.Delete(paths.StagedMarker, bootloaders.Platform.Files);
                    bootloaders.Platform.Faults.Reached("delete.marker-removed");
                }
                if (live > 0)
                {
                    live = bootloaders.Menu.RemoveEntries(bootloaders.Context, DeploymentId.Parse(target.Verity), BootEntrySet.Live);
                    bootloaders.Platform.Faults.Reached("delete.live-entries-removed");
                }
                logger.LogInformation("Deleted {Kind} deployment {Deployment}", kind, target.Verity);
            }
            results.Add(new DeletedDeployment(target.Verity, kind, live, staged, marker));
        }
        return results;
    }
}
