using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Erofs;

/// <summary>
/// Assigns inodes in composefs-rs order: depth first, a directory before its children, children in bytewise name
/// order; a leaf reached through several entries gets one inode at its first occurrence.
/// </summary>
internal static class InodeCollector
{
    public static List<WriterInode> Collect(FsDirectory root)
    {
        var linkCounts = new Dictionary<FsLeaf, int>(ReferenceEqualityComparer.Instance);
        CountLinks(root, linkCounts, new HashSet<FsDirectory>(ReferenceEqualityComparer.Instance));
        var inodes = new List<WriterInode>();
        var leafInodes = new Dictionary<FsLeaf, int>(ReferenceEqualityComparer.Instance);
        CollectDirectory(root, 0, inodes, leafInodes, linkCounts);
        return inodes;
    }

    internal static void CountLinks(FsDirectory directory, Dictionary<FsLeaf, int> counts, HashSet<FsDirectory> seen)
    {
        if (!seen.Add(directory)) throw new ArgumentException("a directory appears more than once in the tree");
        foreach (var (_, node) in directory.Entries)
        {
            if (node is FsDirectory child) CountLinks(child, counts, seen);
            else if (node is FsLeaf leaf) counts[leaf] = counts.GetValueOrDefault(leaf) + 1;
        }
    }

    private static int CollectDirectory(FsDirectory directory, int parent, List<WriterInode> inodes,
        Dictionary<FsLeaf, int> leafInodes, Dictionary<FsLeaf, int> linkCounts)
    {
        int me = inodes.Count;
        var inode = new WriterInode(directory, ErofsFormat.TypeDirectory);
        AddOwnXattrs(inode, directory.Stat);
        inodes.Add(inode);
        var entries = new List<WriterDirent>
        {
            new("."u8.ToArray(), me, ErofsFormat.DirentDirectory),
            new(".."u8.ToArray(), parent, ErofsFormat.DirentDirectory),
        };
        foreach (var (name, node) in directory.Entries)
        {
            int child;
            byte type;
            if (node is FsDirectory subdirectory)
            {
                child = CollectDirectory(subdirectory, me, inodes, leafInodes, linkCounts);
                type = ErofsFormat.DirentDirectory;
            }
            else
            {
                var leaf = (FsLeaf)node;
                if (!leafInodes.TryGetValue(leaf, out child))
                {
                    child = inodes.Count;
                    inodes.Add(CreateLeafInode(leaf, linkCounts[leaf]));
                    leafInodes[leaf] = child;
                }
                type = DirentType(leaf.Content);
            }
            entries.Add(new WriterDirent(name, child, type));
        }
        entries.Sort((a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        inode.Directory = PackDirectory(entries);
        inode.Nlink = inode.Directory.Nlink;
        return me;
    }

    /// <summary>Greedy packing into 4096-byte blocks; a final group over 2048 bytes also becomes a block.</summary>
    internal static WriterDirectory PackDirectory(List<WriterDirent> entries)
    {
        var directory = new WriterDirectory();
        var group = new List<WriterDirent>();
        long bytes = 0;
        foreach (var entry in entries)
        {
            if (entry.FileType == ErofsFormat.DirentDirectory) directory.Nlink++;
            long size = ErofsFormat.DirentSize + entry.Name.Length;
            bytes += size;
            if (bytes <= ErofsFormat.BlockSize)
            {
                group.Add(entry);
            }
            else
            {
                directory.Blocks.Add(group);
                group = [entry];
                bytes = size;
            }
        }
        if (bytes > ErofsFormat.BlockSize / 2)
        {
            directory.Blocks.Add(group);
            group = new List<WriterDirent>();
            bytes = 0;
        }
        directory.Tail = group;
        directory.Size = (ulong)directory.Blocks.Count * ErofsFormat.BlockSize + (ulong)bytes;
        return directory;
    }

    private static WriterInode CreateLeafInode(FsLeaf leaf, int nlink)
    {
        var inode = new WriterInode(leaf, TypeBits(leaf.Content)) { Nlink = nlink };
        switch (leaf.Content)
        {
            case ExternalFile file:
                inode.AddXattr("trusted.overlay.metacopy"u8, OverlayMetacopy.Create(file.Id));
                inode.AddXattr("trusted.overlay.redirect"u8, OverlayMetacopy.RedirectFor(file.Id));
                inode.InlineData = [0xFF, 0xFF, 0xFF, 0xFF];
                break;
            case RedirectOnlyFile file:
                inode.AddXattr("trusted.overlay.metacopy"u8, []);
                inode.AddXattr("trusted.overlay.redirect"u8,
                    System.Text.Encoding.UTF8.GetBytes(
                        file.BackingPath.StartsWith('/') ? file.BackingPath : "/" + file.BackingPath));
                inode.InlineData = [0xFF, 0xFF, 0xFF, 0xFF];
                break;
            case InlineFile { Data.Length: > 0 } file:
                inode.InlineData = file.Data;
                break;
            case SymlinkTarget link:
                inode.InlineData = link.Target;
                break;
        }
        AddOwnXattrs(inode, leaf.Stat);
        return inode;
    }

    /// <summary>
    /// The node's own xattrs in name order; trusted.overlay.X is escaped to trusted.overlay.overlay.X.
    /// </summary>
    internal static void AddOwnXattrs(WriterInode inode, FileStat stat, bool withLustrePrefix = true)
    {
        foreach (var xattr in FileStat.SortXattrs(stat.Xattrs))
        {
            if (xattr.Name.AsSpan().StartsWith(ErofsFormat.OverlayXattrPrefix))
            {
                byte[] escaped = [.. ErofsFormat.EscapedOverlayXattrPrefix,
                    .. xattr.Name.AsSpan(ErofsFormat.OverlayXattrPrefix.Length)];
                inode.AddXattr(escaped, xattr.Value, withLustrePrefix);
            }
            else
            {
                inode.AddXattr(xattr.Name, xattr.Value, withLustrePrefix);
            }
        }
    }

    public static uint TypeBits(LeafContent content) => Kind(content).TypeBits;

    public static byte DirentType(LeafContent content) => Kind(content).DirentType;

    /// <summary>A leaf's mode type bits and directory-entry type.</summary>
    private static (uint TypeBits, byte DirentType) Kind(LeafContent content) => content switch
    {
        InlineFile or ExternalFile or RedirectOnlyFile => (ErofsFormat.TypeRegular, ErofsFormat.DirentRegular),
        SymlinkTarget => (ErofsFormat.TypeSymlink, ErofsFormat.DirentSymlink),
        CharacterDevice => (ErofsFormat.TypeCharacterDevice, ErofsFormat.DirentCharacterDevice),
        BlockDevice => (ErofsFormat.TypeBlockDevice, ErofsFormat.DirentBlockDevice),
        Fifo => (ErofsFormat.TypeFifo, ErofsFormat.DirentFifo),
        Socket => (ErofsFormat.TypeSocket, ErofsFormat.DirentSocket),
        _ => throw new ArgumentOutOfRangeException(nameof(content)),
    };
}
