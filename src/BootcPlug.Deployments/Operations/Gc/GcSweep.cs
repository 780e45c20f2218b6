using BootcPlug.Bootloaders.Formats.IO;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.Faults;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Operations.Gc;

/// <summary>
/// The sweep of a host GC, in an order that a crash at any point leaves harmless: boot artifacts, state dirs,
/// tags, stale marker, then repository objects. Running the GC again finishes an interrupted sweep.
/// </summary>
internal sealed class GcSweep(HostPaths paths, HostBootloaders bootloaders, ILogger logger)
{
    public void Sweep(GcPlan plan, IProgress<string>? progress)
    {
        if (plan.Artifacts.Count > 0) progress?.Report($"Removing {plan.Artifacts.Count} boot artifact(s)…");
        foreach (var artifact in plan.Artifacts)
        {
            artifact.Store.DeleteArtifact(bootloaders.Context, artifact.Artifact);
            logger.LogInformation("Removed boot artifact {Path}", artifact.Path);
            FaultPoints.Reached("gc.artifact-removed");
        }
        foreach (var state in plan.StateDirs) RemoveStateDir(state);
        foreach (var tag in plan.Tags)
        {
            NoFollowPaths.EnsureParent(tag.Path);
            File.Delete(tag.Path);
            DurableIO.SyncDirectory(Path.GetDirectoryName(tag.Path)!);
            logger.LogInformation("Removed tag {Path}", tag.Path);
            FaultPoints.Reached("gc.tag-removed");
        }
        if (plan.StaleMarker is not null)
        {
            StagedMarker.Delete(plan.StaleMarker.Path);
            FaultPoints.Reached("gc.marker-removed");
        }
    }

    /// <summary>The repository's part of the plan, made under the exclusive lock that is still held.</summary>
    public static GarbageCollectionResult Repository(ComposefsRepository repository, GarbageCollectionPlan plan, IProgress<string>? progress)
    {
        progress?.Report($"Removing {plan.Sweep.Removals.Count} unreferenced object(s)…");
        var result = new RepositoryGarbageCollector(repository).Execute(plan);
        if (result.Errors.Count > 0) throw new OperationFailedException("some objects could not be removed: " + string.Join("; ", result.Errors));
        FaultPoints.Reached("gc.objects-removed");
        return result;
    }

    private void RemoveStateDir(StateDirDeletion state)
    {
        // Rename first, so that a crash leaves a leftover the next GC removes, never a half-deleted state dir.
        string doomed = Path.Combine(paths.StateDeploy, DurableIO.TempPrefix + "gc-" + Path.GetFileName(state.Path));
        NoFollowPaths.EnsureDirectory(paths.Root, state.Path);
        if (!Path.GetFileName(state.Path).StartsWith(DurableIO.TempPrefix, StringComparison.Ordinal))
        {
            Directory.Move(state.Path, doomed);
            DurableIO.SyncDirectory(paths.StateDeploy);
            FaultPoints.Reached("gc.state-dir-renamed");
        }
        else doomed = state.Path;
        Directory.Delete(doomed, recursive: true);
        logger.LogInformation("Removed state dir {Path}", state.Path);
        FaultPoints.Reached("gc.state-dir-removed");
    }
}
