using BootcPlug.Bootloaders;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Operations.Gc;

/// <summary>
/// The mark phase of the host GC: from the boot entries (the roots) to the full list of what nothing uses.
/// It reads only; any doubt about what is live stops it before anything is deleted: unreadable entries, a booted
/// deployment without entries, or a live deployment whose image does not verify. The last one also stops the
/// removal of dead deployments' boot artifacts and state dirs, since the whole plan is refused at once.
/// </summary>
public static class GcPlanner
{
    public const string TagPrefix = "localhost/bootc-";
    private static readonly string TagDirectory = Path.Combine("streams", "refs", "oci");

    public static GcPlan Plan(InventoryView view, ComposefsRepository? repository, bool artifactsOnly)
    {
        var inventory = view.Inventory;
        var paths = inventory.Paths;
        if (inventory.Entries.Problems.Count > 0)
            throw new OperationFailedException("cannot tell which deployments are live, nothing deleted: "
                + string.Join("; ", inventory.Entries.Problems.Select(p => p.ToString())));

        var entries = view.Entries.ToList();
        var live = entries.Select(e => e.Deployment.Value).ToHashSet(StringComparer.Ordinal);
        string? booted = inventory.Booted?.Verity;
        if (booted is not null && !live.Contains(booted))
            throw new OperationFailedException($"Inconsistent state: the booted deployment {booted} has no boot entry; refusing to collect anything");

        var kept = new List<(string, string)>();
        var artifacts = PlanArtifacts(inventory, entries, booted, kept);
        if (artifactsOnly) return new GcPlan(artifacts, [], [], null, [], null, kept);

        var stateDirs = PlanStateDirs(paths, inventory, live, kept);
        foreach (var deployment in view.Deployments.Where(d => !d.HasStateDir))
            kept.Add((paths.StateDir(deployment.Verity), $"boot entries name deployment {deployment.Verity} but its state dir is missing; delete-deployment removes them"));

        var tags = repository is null ? [] : PlanTags(repository, view, kept);
        var roots = live.Where(DeploymentId.IsValid).Order(StringComparer.Ordinal).ToList();
        GarbageCollectionPlan? repositoryPlan = null;
        if (repository is null)
        {
            if (roots.Count > 0)
                throw new OperationFailedException($"{Owner(view, roots[0])}: {Path.Combine(paths.Repository, ComposefsRepository.ImagesDirectory, roots[0])}: missing (there is no repository at {paths.Repository}); nothing deleted");
        }
        else
        {
            // Every live deployment's image must verify (link, object, fs-verity digest, the objects it names):
            // any doubt throws here, before anything at all is deleted.
            var owners = roots.ToDictionary(r => r, r => Owner(view, r), StringComparer.Ordinal);
            var ignored = tags.Select(t => t.Path).ToHashSet(StringComparer.Ordinal);
            repositoryPlan = new RepositoryGarbageCollector(repository).Plan(roots, ignored, owners);
        }

        PlannedDeletion? staleMarker = null;
        // A marker naming a deployment being deleted goes with it (DeploymentDeleter), not as a stale one.
        if (inventory.Marker is { } marker && !view.Unlinked.Contains(marker.DeploymentId) && !view.Entries.Any(e => e.Set == BootEntrySet.Staged && e.Deployment.Value == marker.DeploymentId))
            staleMarker = new PlannedDeletion("staged-marker", paths.StagedMarker, new FileInfo(paths.StagedMarker).Length);

        return new GcPlan(artifacts, stateDirs, tags, staleMarker, roots, repositoryPlan, kept);
    }

    /// <summary>How messages name a live deployment: its role and id.</summary>
    private static string Owner(InventoryView view, string verity)
    {
        string role = verity == view.Inventory.Booted?.Verity ? "booted"
            : view.Entries.Any(e => e.Deployment.Value == verity && e.Set == BootEntrySet.Staged)
                && !view.Entries.Any(e => e.Deployment.Value == verity && e.Set == BootEntrySet.Live) ? "staged"
            : "live";
        return $"{role} deployment {verity}";
    }

    private static List<PlannedDeletion> PlanArtifacts(HostInventory inventory, List<BootEntry> entries, string? booted, List<(string, string)> kept)
    {
        var referenced = entries.Select(e => e.BootArtifactName).ToHashSet(StringComparer.Ordinal);
        var deletions = new List<PlannedDeletion>();
        foreach (var backend in inventory.Bootloaders.ArtifactStores)
        {
            var listing = backend.ListArtifacts(inventory.Bootloaders.Context);
            kept.AddRange(listing.Problems.Select(p => (p.FilePath, p.Message)));
            foreach (var artifact in listing.Artifacts)
            {
                if (referenced.Contains(artifact.Name)) continue;
                if (artifact.Name == booted)
                {
                    kept.Add((artifact.Path, "named after the booted deployment; kept although no entry uses it"));
                    continue;
                }
                long bytes = DiskUsage.Of(artifact.Path) + (artifact.AddonDir is null ? 0 : DiskUsage.Of(artifact.AddonDir));
                deletions.Add(new PlannedDeletion("boot-artifact", artifact.Path, bytes) { Backend = backend, Artifact = artifact });
            }
        }
        return deletions;
    }

    private static List<PlannedDeletion> PlanStateDirs(HostPaths paths, HostInventory inventory, HashSet<string> live, List<(string, string)> kept)
    {
        var deletions = new List<PlannedDeletion>();
        foreach (string name in inventory.StateDirs)
        {
            string path = paths.StateDir(name);
            if (name.StartsWith(DurableFiles.TempPrefix, StringComparison.Ordinal))
                deletions.Add(new PlannedDeletion("state-dir", path, DiskUsage.Of(path)));
            else if (!DeploymentId.IsValid(name))
                kept.Add((path, "not named by a deployment id"));
            else if (!live.Contains(name))
            {
                if (name == inventory.Booted?.Verity) throw new OperationFailedException($"Inconsistent state: the booted deployment's state dir {path} has no boot entry");
                deletions.Add(new PlannedDeletion("state-dir", path, DiskUsage.Of(path)));
            }
        }
        return deletions;
    }

    private static List<PlannedDeletion> PlanTags(ComposefsRepository repository, InventoryView view, List<(string, string)> kept)
    {
        string directory = Path.Combine(repository.Path, TagDirectory);
        if (!Directory.Exists(directory)) return [];
        var liveDigests = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deployment in view.Deployments)
        {
            if (deployment.Origin?.ManifestDigest is { } digest) liveDigests.Add(digest);
            else if (deployment.Origin is null || deployment.Origin.ContainerImageReference is not null)
            {
                kept.Add((directory, $"deployment {deployment.Verity} records no manifest digest, so no {TagPrefix} tag can be shown to be unused; all are kept"));
                return [];
            }
        }
        var deletions = new List<PlannedDeletion>();
        foreach (var link in new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(l => l.Name, StringComparer.Ordinal))
        {
            string tag = Uri.UnescapeDataString(link.Name);
            if (link.LinkTarget is null || !tag.StartsWith(TagPrefix, StringComparison.Ordinal)) continue;
            if (!liveDigests.Contains(tag[TagPrefix.Length..])) deletions.Add(new PlannedDeletion("tag", link.FullName, 0));
        }
        return deletions;
    }
}
