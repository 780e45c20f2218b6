using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Tree;

/// <summary>
/// A composefs filesystem tree: directories own their entries; a leaf object referenced from several directory
/// entries is one hardlinked inode.
/// </summary>
public abstract class FsNode
{
    protected FsNode(FileStat stat) => Stat = stat;

    public FileStat Stat { get; set; }
}

public sealed class FsDirectory : FsNode
{
    private readonly SortedDictionary<byte[], FsNode> _entries = new(ByteNameComparer.Instance);

    public FsDirectory(FileStat stat) : base(stat) { }

    /// <summary>Entries in bytewise name order, without "." and "..".</summary>
    public IEnumerable<KeyValuePair<byte[], FsNode>> Entries => _entries;

    public int Count => _entries.Count;

    public void Add(byte[] name, FsNode node)
    {
        ValidateName(name);
        if (!_entries.TryAdd(name, node))
            throw new ArgumentException($"duplicate directory entry '{System.Text.Encoding.UTF8.GetString(name)}'");
    }

    public void Add(string name, FsNode node) => Add(System.Text.Encoding.UTF8.GetBytes(name), node);

    public bool TryGet(byte[] name, out FsNode node) => _entries.TryGetValue(name, out node!);

    public static void ValidateName(ReadOnlySpan<byte> name)
    {
        if (name.Length == 0 || name.Length > 255 || name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)
            || name.Contains((byte)'/') || name.Contains((byte)0))
            throw new ArgumentException($"invalid file name '{System.Text.Encoding.UTF8.GetString(name)}'");
    }
}

public sealed class FsLeaf : FsNode
{
    public FsLeaf(FileStat stat, LeafContent content) : base(stat) => Content = content;

    public LeafContent Content { get; }
}

/// <summary>What a non-directory inode holds.</summary>
public abstract record LeafContent;

/// <summary>
/// A regular file whose bytes live in the image (at most 64 bytes from disk, up to 512 from a dumpfile).
/// </summary>
public sealed record InlineFile(byte[] Data) : LeafContent;

/// <summary>A regular file whose bytes are the repository object <paramref name="Id"/>.</summary>
public sealed record ExternalFile(ObjectId Id, ulong Size) : LeafContent;

/// <summary>
/// A regular file that refers to a backing path by redirect only, with no digest (as C mkcomposefs can write).
/// </summary>
public sealed record RedirectOnlyFile(string BackingPath, ulong Size) : LeafContent;

public sealed record SymlinkTarget(byte[] Target) : LeafContent;

public sealed record CharacterDevice(ulong Rdev) : LeafContent;

public sealed record BlockDevice(ulong Rdev) : LeafContent;

public sealed record Fifo : LeafContent;

public sealed record Socket : LeafContent;

/// <summary>Orders file names bytewise, as composefs sorts directory entries.</summary>
public sealed class ByteNameComparer : IComparer<byte[]>
{
    public static readonly ByteNameComparer Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
