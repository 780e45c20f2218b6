using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Oci;

/// <summary>
/// The filesystem the layers of an image build up, changeable while layers are applied: directories hold their
/// entries by name; a leaf (<see cref="FsLeaf"/>) reached from several names is one hardlinked inode.
/// </summary>
public sealed class MergedDirectory
{
    internal MergedDirectory(FileStat stat) => Stat = stat;

    public FileStat Stat { get; internal set; }

    internal SortedDictionary<byte[], object> Entries { get; } = new(ByteNameComparer.Instance);

    /// <summary>
    /// The subdirectory <paramref name="name"/>, or null when there is none (or it is not a directory).
    /// </summary>
    public MergedDirectory? Directory(string name) =>
        Entries.TryGetValue(System.Text.Encoding.UTF8.GetBytes(name), out var node) ? node as MergedDirectory : null;

    /// <summary>The leaf <paramref name="name"/>, or null.</summary>
    public FsLeaf? Leaf(string name) =>
        Entries.TryGetValue(System.Text.Encoding.UTF8.GetBytes(name), out var node) ? node as FsLeaf : null;

    /// <summary>Entry names in bytewise order.</summary>
    public IEnumerable<string> Names => Entries.Keys.Select(k => System.Text.Encoding.UTF8.GetString(k));

    /// <summary>The directory at a slash-separated path below this one, or null.</summary>
    public MergedDirectory? Find(string path)
    {
        var current = this;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current.Directory(part);
            if (current is null) return null;
        }
        return current;
    }

    /// <summary>The composefs tree of this directory (hardlinks stay shared leaves).</summary>
    public FsDirectory ToFsDirectory()
    {
        var directory = new FsDirectory(Stat);
        foreach (var (name, node) in Entries)
            directory.Add(name, node is MergedDirectory sub ? sub.ToFsDirectory() : (FsLeaf)node);
        return directory;
    }
}
