using BootcPlug.Bootloaders;
using BootcPlug.Composefs;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.State;

namespace BootcPlug.Deployments.Status;

/// <summary>
/// What is wrong with the images of a host's deployments (every one with boot entries or a state dir): a missing
/// or retargeted images/ link, a missing or unreadable image, an object the image names that is missing. Digests
/// are not computed here (gc verifies them for the roots, composefs fsck for every object). Reads only.
/// </summary>
public static class DeploymentImages
{
    /// <summary>One line per deployment in trouble, naming the deployment and the file.</summary>
    public static IReadOnlyList<string> Problems(HostInventory inventory)
    {
        var deployments = Deployments(inventory);
        if (deployments.Count == 0) return [];
        string repositoryPath = inventory.Paths.Repository;
        if (!Directory.Exists(repositoryPath))
            return deployments
                .Select(d => $"deployment {d}: {repositoryPath}: missing, so its image is missing")
                .ToList();
        try
        {
            using var repository = ComposefsRepository.OpenForReading(repositoryPath);
            return Problems(inventory, repository);
        }
        catch (Exception e) when (e is ComposefsFormatException or IOException or UnauthorizedAccessException)
        {
            return [$"{repositoryPath}: cannot open the repository, "
                + $"so no deployment's image can be checked: {e.Message}"];
        }
    }

    public static IReadOnlyList<string> Problems(HostInventory inventory, ComposefsRepository repository)
    {
        var problems = new List<string>();
        foreach (string verity in Deployments(inventory))
        {
            try
            {
                var id = ImageRootCheck.CheckLink(repository, verity);
                var references = ImageRootCheck.ReadReferences(repository, id, verifyDigest: false);
                if (ImageRootCheck.FirstMissing(repository, references) is { } missing)
                    problems.Add($"deployment {verity}: {ImageRootCheck.LinkPath(repository, verity)}: names object "
                        + $"{repository.ObjectPath(missing)}, which is missing");
            }
            catch (ImageDoubtException e)
            {
                problems.Add($"deployment {verity}: {e.Message}");
            }
        }
        return problems;
    }

    /// <summary>Ids of the deployments with boot entries or a state dir, in order.</summary>
    private static List<string> Deployments(HostInventory inventory) =>
        inventory.Deployments.Select(d => d.Id).Concat(inventory.StateDirIds)
            .Select(id => id.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
