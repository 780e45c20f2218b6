using BootcPlug.Bootloaders;
using BootcPlug.Composefs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Fsck;

/// <summary>What the repository checks counted.</summary>
public sealed record RepositoryCounts(int Images, int Streams, int Objects);

/// <summary>
/// The repository side of fsck: every deployment has its image; every image's link leads to its own object, whose
/// fs-verity digest is its name; every object an image or stream names exists; every ref resolves. Images are checked
/// with <see cref="ImageRootCheck"/>, the check the GC trusts its roots by.
/// </summary>
public static class RepositoryChecks
{
    public static RepositoryCounts Run(HostInventory inventory, ComposefsRepository repository, bool verifyObjects,
        FsckFindings findings, IProgress<string>? progress)
    {
        var objects = ObjectStoreScan.Run(repository, findings);
        var names = ImageNames(repository, findings);
        // A deployment's image is checked even when its link is gone: the missing link is the problem to report.
        foreach (var deployment in inventory.Deployments) names.Add(deployment.Id.Value);
        foreach (string name in names.Order(StringComparer.Ordinal)) CheckImage(repository, name, objects, findings);
        int streams = CheckStreams(repository, objects, findings);
        CheckRefs(repository, ComposefsRepository.ImagesDirectory, FsckProblemKind.Image, findings);
        CheckRefs(repository, ComposefsRepository.StreamsDirectory, FsckProblemKind.Stream, findings);
        if (verifyObjects) ObjectDigestCheck.Run(repository, objects, findings, progress);
        return new RepositoryCounts(names.Count, streams, objects.Count);
    }

    /// <summary>The first-level names in images/ (refs/ aside); anything there but a symlink is unexpected.</summary>
    private static HashSet<string> ImageNames(ComposefsRepository repository, FsckFindings findings)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        string directory = Path.Combine(repository.Path, ComposefsRepository.ImagesDirectory);
        if (!Directory.Exists(directory)) return names;
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null) names.Add(entry.Name);
            else if (!(entry.Name == ComposefsRepository.RefsDirectory && entry is DirectoryInfo))
                findings.Add(FsckProblemKind.Unexpected, entry.FullName, "not a symlink; images/ holds image links");
        }
        return names;
    }

    private static void CheckImage(ComposefsRepository repository, string name, IReadOnlySet<ObjectId> objects,
        FsckFindings findings)
    {
        string link = ImageRootCheck.LinkPath(repository, name);
        try
        {
            var id = ImageRootCheck.CheckLink(repository, name);
            var references = ImageRootCheck.ReadReferences(repository, id, verifyDigest: true);
            foreach (var missing in references.Where(r => !objects.Contains(r))
                .Select(r => r.ToObjectPathName()).Order(StringComparer.Ordinal))
                findings.Add(FsckProblemKind.MissingObject, link,
                    $"names object {ComposefsRepository.ObjectsDirectory}/{missing}, which is missing");
        }
        catch (ImageDoubtException e)
        {
            string owner = DeploymentId.TryParse(name, out _) ? $" (the image of deployment {name})" : "";
            findings.Add(FsckProblemKind.Image, e.File, e.Problem + owner);
        }
    }

    private static int CheckStreams(ComposefsRepository repository, IReadOnlySet<ObjectId> objects,
        FsckFindings findings)
    {
        string directory = Path.Combine(repository.Path, ComposefsRepository.StreamsDirectory);
        if (!Directory.Exists(directory)) return 0;
        int count = 0;
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos()
            .OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry.LinkTarget is not { } target)
            {
                if (!(entry.Name == ComposefsRepository.RefsDirectory && entry is DirectoryInfo))
                    findings.Add(FsckProblemKind.Unexpected, entry.FullName,
                        "not a symlink; streams/ holds stream links");
                continue;
            }
            count++;
            if (!ObjectId.TryParsePathName(repository.Algorithm, target, out var id) || !objects.Contains(id))
            {
                findings.Add(FsckProblemKind.Stream, entry.FullName, $"points at {target}, which is not an object");
                continue;
            }
            try
            {
                var stream = Splitstream.ParseFile(repository.ObjectPath(id), repository.Algorithm);
                var named = stream.ObjectRefs.Concat(stream.StreamRefs).Concat(stream.NamedRefs.Select(r => r.Target));
                foreach (var missing in named.Where(r => !objects.Contains(r)).Distinct()
                    .Select(r => r.ToObjectPathName()).Order(StringComparer.Ordinal))
                    findings.Add(FsckProblemKind.MissingObject, entry.FullName,
                        $"names object {ComposefsRepository.ObjectsDirectory}/{missing}, which is missing");
            }
            catch (Exception e) when (e is ComposefsFormatException or IOException or UnauthorizedAccessException)
            {
                findings.Add(FsckProblemKind.Stream, repository.ObjectPath(id), $"not a readable splitstream: "
                    + e.Message);
            }
        }
        return count;
    }

    /// <summary>Every link under CATEGORY/refs must lead to a first-level entry of CATEGORY.</summary>
    private static void CheckRefs(ComposefsRepository repository, string category, FsckProblemKind kind,
        FsckFindings findings)
    {
        string refs = Path.Combine(repository.Path, category, ComposefsRepository.RefsDirectory);
        if (!Directory.Exists(refs)) return;
        foreach (var entry in new DirectoryInfo(refs).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            if (entry.LinkTarget is { } target)
            {
                string name = Path.GetFileName(target);
                if (new FileInfo(Path.Combine(repository.Path, category, name)).LinkTarget is null)
                    findings.Add(kind, entry.FullName, $"dangling ref: {category}/{name} does not exist");
            }
            else if (entry is not DirectoryInfo)
                findings.Add(FsckProblemKind.Unexpected, entry.FullName,
                    "a file in refs/; only symlinks and directories belong there");
        }
    }
}
