using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Erofs;

/// <summary>
/// Assigns inodes in the V1 (C mkcomposefs) order: breadth first, every entry of a directory before the entries of
/// its subdirectories, names in bytewise order. The root gets the 256 whiteout stubs <c>00</c>..<c>ff</c> that
/// overlayfs needs to resolve object paths; a user whiteout (character device 0/0) is escaped into a regular file
/// with whiteout xattrs, and its directory is marked as holding whiteouts. A hardlinked leaf gets its inode where a
/// depth-first walk meets it first, as C mkcomposefs reading a dumpfile does.
/// </summary>
internal static class V1InodeCollector
{
    private static readonly byte[] SelinuxName = "security.selinux"u8.ToArray();

    public static List<WriterInode> Collect(FsDirectory root)
    {
        var linkCounts = new Dictionary<FsLeaf, int>(ReferenceEqualityComparer.Instance);
        InodeCollector.CountLinks(root, linkCounts, new HashSet<FsDirectory>(ReferenceEqualityComparer.Instance));
        var canonical = new Dictionary<FsLeaf, FsDirectory>(ReferenceEqualityComparer.Instance);
        FindCanonicalDirectories(root, linkCounts, canonical);
        return new Walk(root, linkCounts, canonical).Run();
    }

    /// <summary>For each leaf with several links, the directory of its first occurrence depth first.</summary>
    private static void FindCanonicalDirectories(FsDirectory directory, Dictionary<FsLeaf, int> linkCounts,
        Dictionary<FsLeaf, FsDirectory> canonical)
    {
        foreach (var (_, node) in directory.Entries)
        {
            if (node is FsDirectory child) FindCanonicalDirectories(child, linkCounts, canonical);
            else if (node is FsLeaf leaf && linkCounts[leaf] > 1) canonical.TryAdd(leaf, directory);
        }
    }

    private sealed class Walk(FsDirectory root, Dictionary<FsLeaf, int> linkCounts,
        Dictionary<FsLeaf, FsDirectory> canonical)
    {
        private readonly List<WriterInode> _inodes = new();
        private readonly Dictionary<FsLeaf, int> _hardlinks = new(ReferenceEqualityComparer.Instance);

        public List<WriterInode> Run()
        {
            var queue = new Queue<(FsDirectory Directory, int Parent, int Me)>();
            int rootIndex = AddDirectory(root);
            queue.Enqueue((root, rootIndex, rootIndex));
            var directories = new List<(int Me, List<(byte[] Name, FsLeaf? Deferred, WriterDirent? Known)> Entries)>();
            while (queue.TryDequeue(out var item))
            {
                var (directory, parent, me) = item;
                var entries = new List<(byte[] Name, FsLeaf? Deferred, WriterDirent? Known)>
                {
                    ("."u8.ToArray(), null, new WriterDirent("."u8.ToArray(), me, ErofsFormat.DirentDirectory)),
                    (".."u8.ToArray(), null, new WriterDirent(".."u8.ToArray(), parent, ErofsFormat.DirentDirectory)),
                };
                bool hasWhiteout = false;
                foreach (var (name, node) in directory == root ? RootEntriesWithStubs() : directory.Entries)
                {
                    if (node is FsDirectory subdirectory)
                    {
                        int child = AddDirectory(subdirectory);
                        queue.Enqueue((subdirectory, me, child));
                        entries.Add((name, null, new WriterDirent(name, child, ErofsFormat.DirentDirectory)));
                        continue;
                    }
                    var leaf = (FsLeaf)node;
                    bool isCanonical = linkCounts.GetValueOrDefault(leaf, 1) <= 1
                        || ReferenceEquals(canonical[leaf], directory);
                    int index;
                    if (isCanonical) index = AddLeaf(leaf);
                    else if (!_hardlinks.TryGetValue(leaf, out index))
                    {
                        entries.Add((name, leaf, null));
                        continue;
                    }
                    var inode = _inodes[index];
                    if (isCanonical && leaf.Content is CharacterDevice { Rdev: 0 }
                        && inode.TypeBits != ErofsFormat.TypeRegular && !IsStub(directory, name, leaf))
                    {
                        inode.TypeBits = ErofsFormat.TypeRegular;
                        inode.AddXattr("trusted.overlay.overlay.whiteout"u8, [], withLustrePrefix: false);
                        inode.AddXattr("user.overlay.whiteout"u8, [], withLustrePrefix: false);
                        hasWhiteout = true;
                    }
                    entries.Add((name, null, new WriterDirent(name, index, DirentType(inode))));
                }
                if (hasWhiteout)
                {
                    var inode = _inodes[me];
                    inode.AddXattr("trusted.overlay.overlay.whiteouts"u8, [], withLustrePrefix: false);
                    inode.AddXattr("user.overlay.whiteouts"u8, [], withLustrePrefix: false);
                    inode.AddXattr("trusted.overlay.overlay.opaque"u8, "x"u8.ToArray(), withLustrePrefix: false);
                    inode.AddXattr("user.overlay.opaque"u8, "x"u8.ToArray(), withLustrePrefix: false);
                }
                directories.Add((me, entries));
            }

            foreach (var (me, entries) in directories)
            {
                var resolved = entries.Select(entry => entry.Known ?? Resolve(entry.Name, entry.Deferred!)).ToList();
                resolved.Sort((a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
                var inode = _inodes[me];
                inode.Directory = InodeCollector.PackDirectory(resolved);
                inode.Nlink = inode.Directory.Nlink;
            }
            return _inodes;
        }

        private WriterDirent Resolve(byte[] name, FsLeaf leaf)
        {
            int index = _hardlinks[leaf];
            return new WriterDirent(name, index, DirentType(_inodes[index]));
        }

        private static byte DirentType(WriterInode inode) =>
            inode.TypeBits == ErofsFormat.TypeRegular
                ? ErofsFormat.DirentRegular
                : InodeCollector.DirentType(((FsLeaf)inode.Node).Content);

        private int AddDirectory(FsDirectory directory)
        {
            var inode = new WriterInode(directory, ErofsFormat.TypeDirectory);
            InodeCollector.AddOwnXattrs(inode, directory.Stat, withLustrePrefix: false);
            _inodes.Add(inode);
            return _inodes.Count - 1;
        }

        private int AddLeaf(FsLeaf leaf)
        {
            int nlink = linkCounts.GetValueOrDefault(leaf, 1);
            if (nlink > 1 && _hardlinks.TryGetValue(leaf, out int existing)) return existing;
            var inode = new WriterInode(leaf, InodeCollector.TypeBits(leaf.Content)) { Nlink = nlink };
            switch (leaf.Content)
            {
                case ExternalFile file:
                    inode.AddXattr("trusted.overlay.metacopy"u8, OverlayMetacopy.Create(file.Id), false);
                    inode.AddXattr("trusted.overlay.redirect"u8, OverlayMetacopy.RedirectFor(file.Id), false);
                    inode.TailSize = file.Size == 0 ? 0 : ChunkCount(file.Size) * 4;
                    break;
                case RedirectOnlyFile file:
                    inode.AddXattr("trusted.overlay.metacopy"u8, [], false);
                    inode.AddXattr("trusted.overlay.redirect"u8, System.Text.Encoding.UTF8.GetBytes(
                        file.BackingPath.StartsWith('/') ? file.BackingPath : "/" + file.BackingPath), false);
                    inode.TailSize = file.Size == 0 ? 0 : ChunkCount(file.Size) * 4;
                    break;
                case InlineFile { Data.Length: > 0 } file:
                    inode.DataBlocks = file.Data.Length / ErofsFormat.BlockSize;
                    inode.TailSize = file.Data.Length % ErofsFormat.BlockSize;
                    if (inode.TailSize > ErofsFormat.BlockSize / 2)
                    {
                        inode.DataBlocks++;
                        inode.TailSize = 0;
                    }
                    break;
                case SymlinkTarget link:
                    inode.TailSize = link.Target.Length;
                    break;
            }
            InodeCollector.AddOwnXattrs(inode, leaf.Stat, withLustrePrefix: false);
            _inodes.Add(inode);
            if (nlink > 1) _hardlinks[leaf] = _inodes.Count - 1;
            return _inodes.Count - 1;
        }

        /// <summary>The root's entries merged with a whiteout stub for each of 00..ff that it does not have.</summary>
        private IEnumerable<KeyValuePair<byte[], FsNode>> RootEntriesWithStubs()
        {
            var selinux = root.Stat.Xattrs.FirstOrDefault(x => x.Name.AsSpan().SequenceEqual(SelinuxName));
            var stat = new FileStat
            {
                Permissions = 0x1A4, Uid = root.Stat.Uid, Gid = root.Stat.Gid, MtimeSeconds = root.Stat.MtimeSeconds,
                Xattrs = selinux is null ? Array.Empty<Xattr>() : [selinux],
            };
            var all = new SortedDictionary<byte[], FsNode>(ByteNameComparer.Instance);
            foreach (var (name, node) in root.Entries) all[name] = node;
            for (int i = 0; i < 256; i++)
            {
                byte[] whiteoutName = System.Text.Encoding.ASCII.GetBytes(i.ToString("x2"));
                all.TryAdd(whiteoutName, new FsLeaf(stat, new CharacterDevice(0)));
            }
            return all;
        }

        /// <summary>
        /// A root entry that looks exactly like a whiteout stub (two lowercase hex digits, mode 0644, the root's
        /// owner and mtime, no xattr but the root's SELinux label) stays a character device, as in C mkcomposefs.
        /// </summary>
        private bool IsStub(FsDirectory directory, byte[] name, FsLeaf leaf)
        {
            if (!ReferenceEquals(directory, root) || name.Length != 2) return false;
            if (!name.All(b => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f')) return false;
            var stat = leaf.Stat;
            if (stat.Permissions != 0x1A4 || stat.Uid != root.Stat.Uid || stat.Gid != root.Stat.Gid
                || stat.MtimeSeconds != root.Stat.MtimeSeconds) return false;
            var rootLabel = root.Stat.Xattrs.FirstOrDefault(x => x.Name.AsSpan().SequenceEqual(SelinuxName));
            if (rootLabel is null) return stat.Xattrs.Count == 0;
            return stat.Xattrs.Count == 1 && stat.Xattrs[0].Name.AsSpan().SequenceEqual(SelinuxName)
                && stat.Xattrs[0].Value.AsSpan().SequenceEqual(rootLabel.Value);
        }
    }

    /// <summary>Chunk size bits for a file: the smallest power of two covering it, between 4 KiB and 8 TiB.</summary>
    public static int ChunkBits(ulong size)
    {
        int bits = size > 1 ? 64 - System.Numerics.BitOperations.LeadingZeroCount(size - 1) : 1;
        return Math.Clamp(bits, ErofsFormat.BlockBits, ErofsFormat.BlockBits + (int)ErofsFormat.ChunkFormatBitsMask);
    }

    public static int ChunkCount(ulong size)
    {
        ulong chunk = 1UL << ChunkBits(size);
        return (int)((size + chunk - 1) / chunk);
    }
}
