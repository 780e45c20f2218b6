using BootcPlug.Bootloaders;
using BootcPlug.Deployments.Faults;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Operations.Lifecycle;

/// <summary>What deleting one deployment does (or, in a dry run, would do).</summary>
/// <param name="Role">Its role before the delete (never booted).</param>
public sealed record DeletedDeployment(DeploymentId Id, DeploymentRole Role, int LiveEntries, int StagedEntries, bool MarkerRemoved);

/// <summary>
/// Unlinks a deployment's GC roots, its boot entries, through the menu plugin (each change atomic and durable).
/// That is the commit point of a delete; the GC removes the rest. Deleting the staged deployment also removes
/// the staged marker; deleting any other never discards a staged update.
/// </summary>
public sealed class DeploymentUnlinker(HostPaths paths, HostBootloaders bootloaders, ILogger logger)
{
    public DeletedDeployment Unlink(HostInventory inventory, DeploymentRecord target, bool dryRun)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["Operation"] = "delete",
            ["Deployment"] = target.Id.Value,
            ["Booted"] = inventory.BootedKarg?.Verity ?? "",
        });
        int live = target.Entries.Count(e => e.Set == BootEntrySet.Live);
        int staged = target.Entries.Count(e => e.Set == BootEntrySet.Staged);
        bool marker = inventory.Marker?.Names(target.Id) == true;
        if (dryRun) return new DeletedDeployment(target.Id, target.Role, live, staged, marker);

        var menu = bootloaders.Menu;
        if (staged > 0)
        {
            staged = menu.RemoveEntries(bootloaders.Context, target.Id.Value, BootEntrySet.Staged);
            FaultPoints.Reached("delete.staged-entries-removed");
        }
        if (marker)
        {
            StagedMarker.Delete(paths.StagedMarker);
            FaultPoints.Reached("delete.marker-removed");
        }
        if (live > 0)
        {
            live = menu.RemoveEntries(bootloaders.Context, target.Id.Value, BootEntrySet.Live);
            FaultPoints.Reached("delete.live-entries-removed");
        }
        var deleted = new DeletedDeployment(target.Id, target.Role, live, staged, marker);
        logger.LogInformation("Deleted {Kind} deployment {Deployment}", deleted.Kind(), target.Id.Value);
        return deleted;
    }
}

/// <summary>How delete-deployment names what it deleted.</summary>
public static class DeletedDeploymentKind
{
    /// <summary>staged, rollback or other.</summary>
    public static string Kind(this DeletedDeployment deleted) => deleted.Role switch
    {
        DeploymentRole.Staged => "staged",
        DeploymentRole.Rollback => "rollback",
        _ => "other",
    };
}
