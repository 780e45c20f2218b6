using BootcPlug.Bootloaders;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Operations.Lifecycle;

/// <summary>How finalize ended.</summary>
public enum FinalizeOutcome
{
    NothingStaged,
    DownloadOnly,
    Finalized,
}

/// <summary>
/// `finalize-staged`: swaps the staged entry set into place in one atomic exchange (what a shutdown does), then
/// removes the staged marker. A download-only deployment is left staged. /etc is kept as deployed: the three-way
/// merge of upstream's finalize is not done.
/// </summary>
public sealed class FinalizeStaged(HostPaths paths, HostBootloaders bootloaders, ILogger logger)
{
    public (FinalizeOutcome Outcome, string? Deployment) Run(HostInventory inventory)
    {
        HostRecovery.Run(paths, bootloaders);
        var marker = inventory.Marker;
        var staged = marker is null ? null : inventory.Entries.Staged.FirstOrDefault();
        if (marker is null || staged is null || staged.Deployment.Value != marker.DeploymentId)
        {
            logger.LogInformation("No staged deployment found");
            return (FinalizeOutcome.NothingStaged, null);
        }
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Operation"] = "finalize", ["Deployment"] = marker.DeploymentId });
        if (marker.FinalizationLocked)
        {
            logger.LogInformation("Staged deployment {Deployment} is download-only; not finalized", marker.DeploymentId);
            return (FinalizeOutcome.DownloadOnly, marker.DeploymentId);
        }
        bootloaders.Menu.FinalizeStaged(bootloaders.Context);
        bootloaders.Platform.Faults.Reached("finalize.swapped");
        StagedMarker.Delete(paths.StagedMarker, bootloaders.Platform.Files);
        bootloaders.Platform.Faults.Reached("finalize.marker-removed");
        logger.LogInformation("Finalized staged deployment {Deployment}", marker.DeploymentId);
        return (FinalizeOutcome.Finalized, marker.DeploymentId);
    }
}
