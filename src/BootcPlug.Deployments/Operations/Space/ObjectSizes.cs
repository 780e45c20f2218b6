using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;

namespace BootcPlug.Deployments.Operations.Space;

/// <summary>The size of every object of a repository, from one listing of objects/ (links skipped).</summary>
public sealed class ObjectSizes
{
    private readonly Dictionary<ObjectId, long> _sizes;

    private ObjectSizes(Dictionary<ObjectId, long> sizes, long total)
    {
        _sizes = sizes;
        Total = total;
    }

    public long Total { get; }

    public int Count => _sizes.Count;

    public static ObjectSizes Empty { get; } = new([], 0);

    public bool Contains(ObjectId id) => _sizes.ContainsKey(id);

    /// <summary>The object's size; 0 for one the repository does not hold.</summary>
    public long Of(ObjectId id) => _sizes.GetValueOrDefault(id);

    public static ObjectSizes Read(ComposefsRepository repository)
    {
        var sizes = new Dictionary<ObjectId, long>();
        long total = 0;
        string root = Path.Combine(repository.Path, ComposefsRepository.ObjectsDirectory);
        if (!Directory.Exists(root)) return Empty;
        foreach (var folder in new DirectoryInfo(root).EnumerateDirectories())
        {
            if (folder.LinkTarget is not null) continue;
            foreach (var file in folder.EnumerateFiles())
            {
                if (file.LinkTarget is not null
                    || !ObjectId.TryParseDirectoryAndName(repository.Algorithm, folder.Name, file.Name, out var id))
                    continue;
                sizes[id] = file.Length;
                total += file.Length;
            }
        }
        return new ObjectSizes(sizes, total);
    }
}
