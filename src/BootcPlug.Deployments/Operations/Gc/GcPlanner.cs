using BootcPlug.Bootloaders;
using BootcPlug.Composefs.Repository;
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
    public const string TagPrefix = ImageGcRoot.TagPrefix;
    private static readonly string TagDirectory = Path.Combine("streams", "refs", "oci");

    public static GcPlan Plan(InventoryView view, ComposefsRepository? repository, bool artifactsOnly)
    {
        var inventory = view.Inventory;
        var paths = inventory.Paths;
        if (inventory.Entries.Problems.Count > 0)
            throw new OperationFailedException("cannot tell which deployments are live, nothing deleted: "
                + string.Join("; ", inventory.Entries.Problems.Select(p => p.ToString())));

        var liveIds = LiveIds(view);
        if (inventory.BootedKarg is { } booted && !HasEntries(liveIds, booted.Verity))
            throw new OperationFailedException(
                $"Inconsistent state: the booted deployment {booted.Verity} has no boot entry; "
                    + "refusing to collect anything");

        var kept = new List<KeptPath>();
        // The staged entries are roots whatever the marker says; an unreadable marker itself is never removed.
        if (inventory.MarkerProblem is { } markerProblem)
            kept.Add(new KeptPath(paths.StagedMarker,
                $"{markerProblem}; kept, and so is every deployment with staged boot entries"));
        var artifacts = PlanArtifacts(view, kept);
        if (artifactsOnly) return new GcPlan(artifacts, [], [], null, [], null, kept);

        var stateDirs = PlanStateDirs(inventory, liveIds, kept);
        foreach (var deployment in view.Deployments.Where(d => !d.HasStateDir))
            kept.Add(MissingStateDir(paths.StateDir(deployment.Id), deployment.Id.Value));

        var tags = repository is null ? [] : PlanTags(repository, view, kept);
        var roots = liveIds.OrderBy(id => id.Value, StringComparer.Ordinal).ToList();
        GarbageCollectionPlan? repositoryPlan = null;
        if (repository is null)
        {
            if (roots.Count > 0)
            {
                string image = Path.Combine(paths.Repository, ComposefsRepository.ImagesDirectory, roots[0].Value);
                throw new OperationFailedException(
                    $"{Owner(inventory, roots[0])}: {image}: missing "
                        + $"(there is no repository at {paths.Repository}); nothing deleted");
            }
        }
        else
        {
            // Every live deployment's image must verify (link, object, fs-verity digest, the objects it names):
            // any doubt throws here, before anything at all is deleted.
            var owners = roots.ToDictionary(r => r.Value, r => Owner(inventory, r), StringComparer.Ordinal);
            var ignored = tags.Select(t => t.Path).ToHashSet(StringComparer.Ordinal);
            repositoryPlan = new RepositoryGarbageCollector(repository)
                .Plan(roots.Select(r => r.Value), ignored, owners);
        }

        return new GcPlan(artifacts, stateDirs, tags, PlanStaleMarker(view), roots, repositoryPlan, kept);
    }

    /// <summary>The deployment ids the view's entries name: the roots.</summary>
    private static HashSet<DeploymentId> LiveIds(InventoryView view) =>
        view.Entries.Select(e => e.Deployment).ToHashSet();

    /// <summary>Whether an entry names <paramref name="name"/>, the booted composefs= value as written.</summary>
    private static bool HasEntries(HashSet<DeploymentId> liveIds, string name) =>
        DeploymentId.TryParse(name, out var id) && liveIds.Contains(id);

    private static KeptPath MissingStateDir(string path, string name) =>
        new(path, $"boot entries name deployment {name} but its state dir is missing; delete-deployment removes them");

    /// <summary>
    /// How messages name a live deployment: booted, live or (only staged entries) staged, and its id.
    /// </summary>
    private static string Owner(HostInventory inventory, DeploymentId id)
    {
        var record = inventory.Find(id);
        string role = record?.Role == DeploymentRole.Booted ? "booted" : record?.InLive == false ? "staged" : "live";
        return $"{role} deployment {id}";
    }

    private static List<ArtifactDeletion> PlanArtifacts(InventoryView view, List<KeptPath> kept)
    {
        var bootloaders = view.Inventory.Bootloaders;
        var referenced = view.Entries.Select(e => e.BootArtifactName).ToHashSet(StringComparer.Ordinal);
        string? booted = view.Inventory.BootedKarg?.Verity;
        var deletions = new List<ArtifactDeletion>();
        foreach (var store in bootloaders.ArtifactStores)
        {
            var listing = store.ListArtifacts(bootloaders.Context);
            kept.AddRange(listing.Problems.Select(p => new KeptPath(p.FilePath, p.Message)));
            foreach (var artifact in listing.Artifacts)
            {
                if (referenced.Contains(artifact.Name)) continue;
                if (artifact.Name == booted)
                {
                    kept.Add(new KeptPath(artifact.Path,
                        "named after the booted deployment; kept although no entry uses it"));
                    continue;
                }
                long addons = artifact.AddonDir is null ? 0 : DiskUsage.Of(artifact.AddonDir);
                long bytes = DiskUsage.Of(artifact.Path) + addons;
                deletions.Add(new ArtifactDeletion(store, artifact, bytes));
            }
        }
        return deletions;
    }

    private static List<StateDirDeletion> PlanStateDirs(
        HostInventory inventory, HashSet<DeploymentId> liveIds, List<KeptPath> kept)
    {
        var paths = inventory.Paths;
        var deletions = new List<StateDirDeletion>();
        foreach (string name in inventory.StateDirs)
        {
            string path = paths.StateDir(name);
            if (name.StartsWith(DurableFiles.TempPrefix, StringComparison.Ordinal))
                deletions.Add(new StateDirDeletion(path, DiskUsage.Of(path)));
            else if (!DeploymentId.TryParse(name, out var id))
                kept.Add(new KeptPath(path, "not named by a deployment id"));
            else if (!liveIds.Contains(id))
            {
                if (id == inventory.BootedId)
                    throw new OperationFailedException(
                        $"Inconsistent state: the booted deployment's state dir {path} has no boot entry");
                deletions.Add(new StateDirDeletion(path, DiskUsage.Of(path)));
            }
        }
        return deletions;
    }

    internal static List<TagDeletion> PlanTags(ComposefsRepository repository, InventoryView view, List<KeptPath> kept)
    {
        string directory = Path.Combine(repository.Path, TagDirectory);
        if (!Directory.Exists(directory)) return [];
        var liveDigests = new HashSet<string>(StringComparer.Ordinal);
        var unknown = view.Deployments
            .Where(d => d.Origin?.ManifestDigest is null
                && (d.Origin is null || d.Origin.ContainerImageReference is not null))
            .Select(d => d.Id.Value).FirstOrDefault();
        if (unknown is not null)
        {
            kept.Add(new KeptPath(directory, $"deployment {unknown} records no manifest digest, "
                + $"so no {TagPrefix} tag can be shown to be unused; all are kept"));
            return [];
        }
        foreach (var deployment in view.Deployments)
            if (deployment.Origin?.ManifestDigest is { } digest) liveDigests.Add(digest);
        var deletions = new List<TagDeletion>();
        var links = new DirectoryInfo(directory)
            .EnumerateFileSystemInfos()
            .OrderBy(l => l.Name, StringComparer.Ordinal);
        foreach (var link in links)
        {
            string tag = Uri.UnescapeDataString(link.Name);
            if (link.LinkTarget is null || !tag.StartsWith(TagPrefix, StringComparison.Ordinal)) continue;
            if (!liveDigests.Contains(tag[TagPrefix.Length..])) deletions.Add(new TagDeletion(link.FullName));
        }
        return deletions;
    }

    /// <summary>
    /// A marker that names no staged entry is stale. One naming a deployment being deleted goes with it (the
    /// delete removes it), not as a stale one.
    /// </summary>
    private static StaleMarkerDeletion? PlanStaleMarker(InventoryView view)
    {
        if (view.Inventory.Marker is not { } marker) return null;
        if (marker.Deployment is { } id && view.Unlinked.Contains(id)) return null;
        if (view.Entries.Any(e => e.Set == BootEntrySet.Staged && e.Deployment.Value == marker.Name)) return null;
        string path = view.Inventory.Paths.StagedMarker;
        return new StaleMarkerDeletion(path, new FileInfo(path).Length);
    }
}
