using BootcPlug.Composefs;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.Operations.Explain;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Space;

/// <summary>
/// The objects the repository's own refs keep alive (as the GC follows them: an image ref keeps its image and the
/// objects it names; a stream ref its stream, what the stream names, and what its named refs lead to). Deleting a
/// deployment frees none of them. Each image and stream is read once; one that cannot be read keeps only itself.
/// </summary>
public static class RefHeldObjects
{
    public static HashSet<ObjectId> Read(ComposefsRepository repository, HostInventory inventory,
        IReadOnlyDictionary<ObjectId, ObjectId[]> knownImages)
    {
        var held = new HashSet<ObjectId>();
        var walkedImages = new HashSet<ObjectId>();
        var walkedStreams = new HashSet<ObjectId>();
        var streamIds = new HashSet<ObjectId>();
        string streams = Path.Combine(repository.Path, ComposefsRepository.StreamsDirectory);
        if (Directory.Exists(streams))
            foreach (var link in new DirectoryInfo(streams).EnumerateFileSystemInfos())
                if (RepositoryRoots.Target(repository, ComposefsRepository.StreamsDirectory, link.Name) is { } id)
                    streamIds.Add(id);

        void Image(ObjectId id)
        {
            held.Add(id);
            if (!walkedImages.Add(id)) return;
            if (knownImages.TryGetValue(id, out var known)) held.UnionWith(known);
            else if (TryCollect(repository, id) is { } objects) held.UnionWith(objects);
        }

        void Stream(ObjectId id)
        {
            held.Add(id);
            if (!walkedStreams.Add(id)) return;
            Splitstream parsed;
            try
            {
                parsed = Splitstream.ParseFile(repository.ObjectPath(id), repository.Algorithm);
            }
            catch (Exception e) when (e is ComposefsFormatException or IOException or UnauthorizedAccessException)
            {
                return;
            }
            held.UnionWith(parsed.ObjectRefs);
            held.UnionWith(parsed.StreamRefs);
            foreach (var named in parsed.NamedRefs)
            {
                if (streamIds.Contains(named.Target)) Stream(named.Target);
                else if (knownImages.ContainsKey(named.Target) || TryCollect(repository, named.Target) is not null)
                    Image(named.Target);
                else held.Add(named.Target);
            }
        }

        foreach (var reference in RepositoryRoots.Read(repository, inventory))
        {
            string category = reference.Kind == ChainStepKind.ImageRef
                ? ComposefsRepository.ImagesDirectory
                : ComposefsRepository.StreamsDirectory;
            if (RepositoryRoots.Target(repository, category, reference.Name) is not { } id) continue;
            if (reference.Kind == ChainStepKind.ImageRef) Image(id);
            else Stream(id);
        }
        return held;
    }

    private static HashSet<ObjectId>? TryCollect(ComposefsRepository repository, ObjectId id)
    {
        try
        {
            return ImageObjectReferences.CollectFile(repository.ObjectPath(id), repository.Algorithm);
        }
        catch (Exception e) when (e is ComposefsFormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
