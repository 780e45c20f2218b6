using BootcPlug.Bootloaders;
using BootcPlug.Composefs;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.Operations.Gc;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Space;

/// <summary>
/// The space of each deployment with boot entries, in one pass over the images: each image's object list is read
/// once and every object counts the deployments that name it (and whether a repository ref keeps it). An object only
/// one deployment holds is what deleting that deployment (then gc) frees; one held twice or more is shared. The image
/// object, the state dir and the boot artifacts only its entries boot count as its own too. Sizes are file sizes.
/// </summary>
public static class SpaceMeter
{
    public const string ReportApiVersion = "bootcplug.dev/space-report/v1";

    public static SpaceReport Measure(HostInventory inventory, ComposefsRepository? repository)
    {
        var deployments = inventory.Deployments;
        var sizes = repository is null ? ObjectSizes.Empty : ObjectSizes.Read(repository);
        var images = new Dictionary<ObjectId, ObjectId[]>();
        var holders = new Dictionary<ObjectId, int>();
        var imageOf = new Dictionary<DeploymentId, ObjectId>();
        if (repository is not null)
        {
            foreach (var deployment in deployments)
            {
                if (!ObjectId.TryParseHex(repository.Algorithm, deployment.Id.Value, out var image)
                    || !sizes.Contains(image))
                    continue;
                imageOf[deployment.Id] = image;
                if (!images.TryGetValue(image, out var objects))
                    images[image] = objects = [.. Collect(repository, image)];
                Count(holders, image);
                foreach (var id in objects) Count(holders, id);
            }
            foreach (var id in RefHeldObjects.Read(repository, inventory, images)) Count(holders, id);
        }

        var artifacts = ArtifactUsers(inventory);
        long ownedByDeployments = 0;
        var ownedObjects = new HashSet<ObjectId>();
        foreach (var image in imageOf.Values)
        {
            if (ownedObjects.Add(image)) ownedByDeployments += sizes.Of(image);
            foreach (var id in images[image])
                if (ownedObjects.Add(id)) ownedByDeployments += sizes.Of(id);
        }

        var result = new List<DeploymentSpace>();
        foreach (var deployment in deployments)
        {
            long uniqueObjects = 0, shared = 0, imageBytes = 0;
            if (imageOf.TryGetValue(deployment.Id, out var image))
            {
                if (holders[image] == 1) imageBytes = sizes.Of(image);
                else shared += sizes.Of(image);
                foreach (var id in images[image])
                    if (holders[id] == 1) uniqueObjects += sizes.Of(id);
                    else shared += sizes.Of(id);
            }
            long artifactBytes = 0;
            foreach (var (artifact, users) in artifacts.Where(a => a.Value.Contains(deployment.Id))
                .Select(a => (a.Key, a.Value)))
                if (users.Count == 1) artifactBytes += artifact.Bytes;
                else shared += artifact.Bytes;
            long stateDir = deployment.HasStateDir ? DiskUsage.Of(inventory.Paths.StateDir(deployment.Id)) : 0;
            var parts = new SpaceParts
            {
                Objects = (ulong)uniqueObjects, Image = (ulong)imageBytes, StateDir = (ulong)stateDir,
                BootArtifacts = (ulong)artifactBytes,
            };
            result.Add(new DeploymentSpace
            {
                Id = deployment.Id.Value,
                Role = deployment.Role.ToString().ToLowerInvariant(),
                ImageReference = deployment.Origin?.ContainerImageReference,
                UniqueBytes = parts.Objects + parts.Image + parts.StateDir + parts.BootArtifacts,
                SharedBytes = (ulong)shared,
                Unique = parts,
            });
        }
        return new SpaceReport
        {
            ApiVersion = ReportApiVersion,
            RepositoryBytes = (ulong)sizes.Total,
            RepositoryObjects = (ulong)sizes.Count,
            UnownedBytes = (ulong)Math.Max(0, sizes.Total - ownedByDeployments),
            Deployments = result,
        };
    }

    private static void Count(Dictionary<ObjectId, int> holders, ObjectId id) =>
        holders[id] = holders.GetValueOrDefault(id) + 1;

    /// <summary>The objects an image names; none when it cannot be read (fsck says why).</summary>
    private static HashSet<ObjectId> Collect(ComposefsRepository repository, ObjectId image)
    {
        try
        {
            return ImageObjectReferences.CollectFile(repository.ObjectPath(image), repository.Algorithm);
        }
        catch (Exception e) when (e is ComposefsFormatException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private sealed record SizedArtifact(string Path, long Bytes);

    /// <summary>Every boot artifact some entry boots, with the deployments whose entries boot it.</summary>
    private static Dictionary<SizedArtifact, HashSet<DeploymentId>> ArtifactUsers(HostInventory inventory)
    {
        var bootloaders = inventory.Bootloaders;
        var byName = new Dictionary<(BootArtifactType, string), BootArtifact>();
        foreach (var store in bootloaders.ArtifactStores)
            foreach (var artifact in store.ListArtifacts(bootloaders.Context).Artifacts)
                byName[(artifact.Type, artifact.Name)] = artifact;
        var users = new Dictionary<string, HashSet<DeploymentId>>(StringComparer.Ordinal);
        var sized = new Dictionary<string, SizedArtifact>(StringComparer.Ordinal);
        foreach (var entry in inventory.Entries.All)
        {
            if (!byName.TryGetValue((entry.BootType, entry.BootArtifactName), out var artifact)) continue;
            if (!sized.ContainsKey(artifact.Path))
            {
                long addons = artifact.AddonDir is null ? 0 : DiskUsage.Of(artifact.AddonDir);
                sized[artifact.Path] = new SizedArtifact(artifact.Path, DiskUsage.Of(artifact.Path) + addons);
                users[artifact.Path] = [];
            }
            users[artifact.Path].Add(entry.Deployment);
        }
        return sized.ToDictionary(s => s.Value, s => users[s.Key]);
    }
}
