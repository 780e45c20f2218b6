using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;
using BootcPlug.Deployments.Operations.Deploy;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Fsck;

/// <summary>
/// The boot side of fsck: every entry was read by its menu plugin, names a kernel dir or UKI that exists, and that
/// artifact's boot digest is the one its deployment's origin records. The entries and artifacts are read through the
/// plugins (the same parsers every verb uses); digests are computed once per artifact, since kernels are shared.
/// </summary>
public static class BootChecks
{
    /// <returns>How many artifacts the stores hold.</returns>
    public static int Run(HostInventory inventory, FsckFindings findings)
    {
        foreach (var problem in inventory.Entries.Problems)
            findings.Add(FsckProblemKind.BootEntry, problem.FilePath,
                problem.Line is { } line ? $"line {line}: {problem.Message}" : problem.Message);

        var bootloaders = inventory.Bootloaders;
        var artifacts = new Dictionary<(BootArtifactType, string), BootArtifact>();
        foreach (var store in bootloaders.ArtifactStores)
        {
            var listing = store.ListArtifacts(bootloaders.Context);
            foreach (var problem in listing.Problems)
                findings.Add(FsckProblemKind.BootArtifact, problem.FilePath, problem.Message);
            foreach (var artifact in listing.Artifacts) artifacts[(artifact.Type, artifact.Name)] = artifact;
        }

        var digests = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var deployment in inventory.Deployments)
            foreach (var entry in deployment.Entries)
            {
                if (!artifacts.TryGetValue((entry.BootType, entry.BootArtifactName), out var artifact))
                {
                    string what = entry.BootType == BootArtifactType.Uki ? "unified kernel image" : "kernel directory";
                    findings.Add(FsckProblemKind.BootEntry, entry.SourcePath,
                        $"entry {entry.Id} names the {what} {BootloaderContract.ArtifactPrefix}"
                        + $"{entry.BootArtifactName}, which is missing");
                    continue;
                }
                if (!digests.TryGetValue(artifact.Path, out var digest))
                    digests[artifact.Path] = digest = Digest(artifact, findings);
                string? recorded = deployment.Origin?.BootDigest;
                if (digest is not null && recorded is not null && !string.Equals(digest, recorded,
                        StringComparison.OrdinalIgnoreCase))
                    findings.Add(FsckProblemKind.BootDigest, inventory.Paths.OriginFile(deployment.Id),
                        $"[boot] digest is {recorded}, but {artifact.Path} (booted by {entry.SourcePath}) "
                        + $"has the digest {digest}");
            }

        var booted = inventory.BootedKarg;
        if (booted is not null && inventory.BootedDeployment is null)
            findings.Add(FsckProblemKind.BootEntry, inventory.Paths.ProcCmdline,
                $"the booted deployment {booted.Verity} has no boot entry");
        return artifacts.Count;
    }

    /// <summary>The artifact's boot digest (as deploy computes it), or null when it cannot be read.</summary>
    private static string? Digest(BootArtifact artifact, FsckFindings findings)
    {
        try
        {
            if (artifact.Type == BootArtifactType.Uki) return BootSource.UkiBootDigest(artifact.Path);
            string kernel = Path.Combine(artifact.Path, KernelDirArtifacts.Kernel);
            string initrd = Path.Combine(artifact.Path, KernelDirArtifacts.Initrd);
            foreach (string file in new[] { kernel, initrd })
                if (!File.Exists(file))
                {
                    findings.Add(FsckProblemKind.BootArtifact, file, "missing");
                    return null;
                }
            return BootSource.Type1BootDigest(kernel, initrd);
        }
        catch (Exception e) when (e is OperationFailedException or IOException or UnauthorizedAccessException)
        {
            findings.Add(FsckProblemKind.BootArtifact, artifact.Path, $"cannot be read: {e.Message}");
            return null;
        }
    }
}
