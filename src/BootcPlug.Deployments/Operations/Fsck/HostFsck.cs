using BootcPlug.Composefs;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Fsck;

/// <summary>
/// fsck of a whole host, in a fixed order: boot entries and artifacts, deployment state, the repository, leftovers.
/// Reads only, and repairs nothing: each problem names the file and what is wrong.
/// </summary>
public static class HostFsck
{
    public const string ReportApiVersion = "bootcplug.dev/fsck-report/v1";

    public static HostFsckReport Check(HostInventory inventory, bool verifyObjects, IProgress<string>? progress)
    {
        var findings = new FsckFindings();
        int artifacts = BootChecks.Run(inventory, findings);
        StateChecks.Run(inventory, findings);
        var counts = CheckRepository(inventory, verifyObjects, findings, progress);
        LeftoverScan.Run(inventory.Paths, findings);
        var problems = findings.Problems;
        return new HostFsckReport
        {
            ApiVersion = ReportApiVersion,
            Ok = problems.Count == 0,
            ObjectsVerified = verifyObjects,
            Checked = new FsckCounts
            {
                BootEntries = (ulong)inventory.Entries.All.Count(),
                BootArtifacts = (ulong)artifacts,
                Deployments = (ulong)inventory.Deployments.Count,
                Images = (ulong)counts.Images,
                Streams = (ulong)counts.Streams,
                Objects = (ulong)counts.Objects,
            },
            Problems = problems,
        };
    }

    private static RepositoryCounts CheckRepository(HostInventory inventory, bool verifyObjects,
        FsckFindings findings, IProgress<string>? progress)
    {
        string path = inventory.Paths.Repository;
        if (!Directory.Exists(path))
        {
            foreach (var deployment in inventory.Deployments)
                findings.Add(FsckProblemKind.Image, path, $"missing, so deployment {deployment.Id} has no image");
            return new RepositoryCounts(0, 0, 0);
        }
        try
        {
            using var repository = ComposefsRepository.OpenForReading(path);
            return RepositoryChecks.Run(inventory, repository, verifyObjects, findings, progress);
        }
        catch (ComposefsFormatException e)
        {
            findings.Add(FsckProblemKind.Image, path, $"cannot open the repository: {e.Message}");
            return new RepositoryCounts(0, 0, 0);
        }
    }
}
