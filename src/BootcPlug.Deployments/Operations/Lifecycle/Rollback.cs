using BootcPlug.Bootloaders;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Operations.Lifecycle;

/// <summary>What a rollback changed.</summary>
/// <param name="NextBoot">The deployment that boots next.</param>
/// <param name="Reverted">True when a queued rollback was undone (the booted deployment is the default again).</param>
/// <param name="DiscardedStaged">The staged update that was dropped, if any.</param>
public sealed record RollbackResult(string NextBoot, bool Reverted, string? DiscardedStaged);

/// <summary>
/// `rollback`: makes the rollback deployment the default, with any number of entries (the others keep their
/// order), or, when a rollback is already queued, makes the booted deployment the default again. A staged update
/// would override the choice at shutdown, so it is discarded, as bootc does.
/// </summary>
public sealed class Rollback(HostPaths paths, HostBootloaders bootloaders, ILogger logger)
{
    public RollbackResult Run(HostInventory inventory)
    {
        HostRecovery.Run(paths, bootloaders);
        var live = inventory.Entries.Live;
        string? booted = inventory.Booted?.Verity;
        string current = booted ?? live.FirstOrDefault()?.Deployment.Value ?? throw new OperationFailedException("No rollback available: there are no boot entries");
        bool queued = live.Count > 0 && live[0].Deployment.Value != current;

        string target;
        if (queued) target = current;
        else
        {
            target = inventory.RollbackCandidates(current).FirstOrDefault()?.Verity
                ?? throw new OperationFailedException("No rollback available");
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Operation"] = "rollback", ["Deployment"] = target });
        string? discarded = null;
        if (inventory.Entries.Staged.Count > 0 || inventory.Marker is not null)
        {
            discarded = inventory.Marker?.DeploymentId ?? inventory.Entries.Staged.FirstOrDefault()?.Deployment.Value;
            StagedMarker.Delete(paths.StagedMarker, bootloaders.Platform.Files);
            bootloaders.Platform.Faults.Reached("rollback.marker-removed");
            bootloaders.Menu.ClearStaged(bootloaders.Context);
            bootloaders.Platform.Faults.Reached("rollback.staged-cleared");
        }

        var order = live.Where(e => e.Deployment.Value == target).Concat(live.Where(e => e.Deployment.Value != target)).ToList();
        bootloaders.Menu.Reorder(bootloaders.Context, order);
        bootloaders.Platform.Faults.Reached("rollback.reordered");
        logger.LogInformation("Next boot: {Deployment}", target);
        return new RollbackResult(target, queued, discarded);
    }
}
