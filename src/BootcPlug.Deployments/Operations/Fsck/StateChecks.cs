using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Operations.Fsck;

/// <summary>
/// The state side of fsck: every deployment with boot entries has its state dir and a readable origin; state/deploy
/// holds only deployment directories; the staged marker agrees with the staged entries.
/// </summary>
public static class StateChecks
{
    public static void Run(HostInventory inventory, FsckFindings findings)
    {
        var paths = inventory.Paths;
        foreach (var deployment in inventory.Deployments)
        {
            if (!deployment.HasStateDir)
                findings.Add(FsckProblemKind.State, paths.StateDir(deployment.Id),
                    $"missing, but boot entries name deployment {deployment.Id}");
            else if (deployment.Origin is null)
                findings.Add(FsckProblemKind.State, paths.OriginFile(deployment.Id),
                    deployment.OriginProblem ?? "missing");
        }

        if (Directory.Exists(paths.StateDeploy))
            foreach (var entry in new DirectoryInfo(paths.StateDeploy).EnumerateFileSystemInfos()
                .OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (entry.Name.StartsWith(DurableFiles.TempPrefix, StringComparison.Ordinal))
                    findings.Add(FsckProblemKind.Leftover, entry.FullName, LeftoverScan.Meaning);
                else if (entry.LinkTarget is not null || entry is not DirectoryInfo)
                    findings.Add(FsckProblemKind.Unexpected, entry.FullName,
                        entry.LinkTarget is not null ? "a symbolic link; state/deploy holds only directories"
                            : "a file; state/deploy holds only directories");
                else if (!Bootloaders.DeploymentId.TryParse(entry.Name, out _))
                    findings.Add(FsckProblemKind.Unexpected, entry.FullName, "not named by a deployment id");
            }

        StagedMarkerCheck(inventory, findings);
    }

    private static void StagedMarkerCheck(HostInventory inventory, FsckFindings findings)
    {
        string path = inventory.Paths.StagedMarker;
        if (inventory.MarkerProblem is { } problem)
        {
            findings.Add(FsckProblemKind.StagedMarker, path, problem);
            return;
        }
        var stagedFirst = inventory.Entries.Staged.FirstOrDefault();
        if (inventory.Marker is { } marker)
        {
            if (stagedFirst is null)
                findings.Add(FsckProblemKind.StagedMarker, path,
                    $"names deployment {marker.Name}, but there are no staged boot entries");
            else if (!marker.Names(stagedFirst.Deployment))
                findings.Add(FsckProblemKind.StagedMarker, path,
                    $"names deployment {marker.Name}, but the staged boot entries ({stagedFirst.SourcePath}) "
                    + $"make {stagedFirst.Deployment} the default");
        }
        else if (stagedFirst is not null)
            findings.Add(FsckProblemKind.StagedMarker, path,
                $"missing, but the staged boot entries ({stagedFirst.SourcePath}) name deployment "
                + $"{stagedFirst.Deployment}: a deploy that stopped before it finished, or a reboot that did not "
                + "finalize");
    }
}
