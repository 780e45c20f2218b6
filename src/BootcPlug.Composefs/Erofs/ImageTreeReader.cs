using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Erofs;

/// <summary>
/// Rebuilds the filesystem tree of an image: checks "." and "..", duplicate names, depth, and link counts, and
/// turns the overlay xattrs back into external files (un-escaping trusted.overlay.overlay.X).
/// </summary>
public static class ImageTreeReader
{
    public const int MaxDepth = 2048;
    /// <summary>Upper bound for inline file content and symlink targets read into memory.</summary>
    public const int MaxInlineSize = 1 << 20;

    public static FsDirectory Read(ErofsImage image)
    {
        var state = new ReadState(image);
        var rootInode = image.ReadInode(image.RootNid);
        if (!rootInode.IsDirectory) throw image.Error(rootInode.Offset, "the root inode is not a directory");
        var root = state.ReadDirectory(rootInode, image.RootNid, 0);
        state.CheckLinkCounts();
        return root;
    }

    private sealed class ReadState(ErofsImage image)
    {
        private readonly Dictionary<ulong, (FsLeaf Leaf, ErofsInode Inode, int References)> _leaves = new();
        private readonly HashSet<ulong> _directories = new();

        public FsDirectory ReadDirectory(ErofsInode inode, ulong parentNid, int depth)
        {
            if (depth > MaxDepth) throw image.Error(inode.Offset, $"directories nest deeper than {MaxDepth}");
            if (!_directories.Add(inode.Nid))
                throw image.Error(inode.Offset, $"directory inode {inode.Nid} is reachable twice");
            var directory = new FsDirectory(StatOf(inode, out _));
            bool sawDot = false, sawDotDot = false;
            int subdirectories = 0;
            byte[]? previous = null;
            foreach (var entry in image.ReadDirectory(inode))
            {
                byte[] name = entry.Name.ToArray();
                if (previous is not null && previous.AsSpan().SequenceCompareTo(name) == 0)
                    throw image.Error(entry.Offset, $"duplicate entry '{Show(name)}' in directory inode {inode.Nid}");
                previous = name;
                if (entry.IsDot)
                {
                    if (sawDot || entry.Nid != inode.Nid)
                        throw image.Error(entry.Offset, $"bad '.' entry in directory inode {inode.Nid}");
                    sawDot = true;
                    continue;
                }
                if (entry.IsDotDot)
                {
                    if (sawDotDot || entry.Nid != parentNid)
                        throw image.Error(entry.Offset, $"bad '..' entry in directory inode {inode.Nid}");
                    sawDotDot = true;
                    continue;
                }
                var child = image.ReadInode(entry.Nid);
                FsNode node;
                if (child.IsDirectory)
                {
                    subdirectories++;
                    node = ReadDirectory(child, inode.Nid, depth + 1);
                }
                else
                {
                    node = ReadLeaf(child);
                }
                try
                {
                    directory.Add(name, node);
                }
                catch (ArgumentException e)
                {
                    throw image.Error(entry.Offset, $"directory inode {inode.Nid}: {e.Message}");
                }
            }
            if (!sawDot || !sawDotDot)
                throw image.Error(inode.Offset, $"directory inode {inode.Nid} lacks '.' or '..'");
            if (inode.Nlink != 2 + subdirectories)
                throw image.Error(inode.Offset,
                    $"directory inode {inode.Nid} has nlink {inode.Nlink}, expected {2 + subdirectories}");
            return directory;
        }

        private FsLeaf ReadLeaf(ErofsInode inode)
        {
            if (_leaves.TryGetValue(inode.Nid, out var known))
            {
                _leaves[inode.Nid] = (known.Leaf, known.Inode, known.References + 1);
                return known.Leaf;
            }
            var stat = StatOf(inode, out var overlay);
            LeafContent content = inode.FileType switch
            {
                ErofsFormat.TypeRegular => RegularContent(inode, overlay),
                ErofsFormat.TypeSymlink => new SymlinkTarget(image.ReadData(inode, 4096)),
                ErofsFormat.TypeCharacterDevice => new CharacterDevice(inode.U),
                ErofsFormat.TypeBlockDevice => new BlockDevice(inode.U),
                ErofsFormat.TypeFifo => new Fifo(),
                ErofsFormat.TypeSocket => new Socket(),
                _ => throw image.Error(inode.Offset + 4,
                    $"inode {inode.Nid} has unknown file type 0{Convert.ToString(inode.Mode, 8)}"),
            };
            var leaf = new FsLeaf(stat, content);
            _leaves[inode.Nid] = (leaf, inode, 1);
            return leaf;
        }

        private LeafContent RegularContent(ErofsInode inode, OverlayXattrs overlay)
        {
            if (overlay.Metacopy is { } metacopy)
            {
                if (OverlayMetacopy.TryParse(metacopy, null, out ObjectId id)) return new ExternalFile(id, inode.Size);
                if (metacopy.Length != 0)
                    throw image.Error(inode.XattrOffset, $"inode {inode.Nid} has a malformed metacopy xattr");
                if (overlay.Redirect is { } redirect)
                    return new RedirectOnlyFile(System.Text.Encoding.UTF8.GetString(redirect), inode.Size);
            }
            if (inode.Layout == ErofsFormat.LayoutChunkBased)
                throw image.Error(inode.Offset, $"regular inode {inode.Nid} is chunk-based without a metacopy xattr");
            return new InlineFile(image.ReadData(inode, MaxInlineSize));
        }

        private FileStat StatOf(ErofsInode inode, out OverlayXattrs overlay)
        {
            overlay = new OverlayXattrs();
            var xattrs = new List<Xattr>();
            foreach (var xattr in image.ReadXattrs(inode))
            {
                byte[] name = xattr.FullName();
                var span = name.AsSpan();
                if (span.StartsWith(Erofs.ErofsFormat.EscapedOverlayXattrPrefix))
                {
                    xattrs.Add(new Xattr(
                        [.. ErofsFormat.OverlayXattrPrefix, .. span[ErofsFormat.EscapedOverlayXattrPrefix.Length..]],
                        xattr.Value.ToArray()));
                }
                else if (span.StartsWith(ErofsFormat.OverlayXattrPrefix))
                {
                    if (xattr.IsTrusted(ErofsFormat.MetacopySuffix)) overlay.Metacopy = xattr.Value.ToArray();
                    else if (xattr.IsTrusted(ErofsFormat.RedirectSuffix)) overlay.Redirect = xattr.Value.ToArray();
                }
                else
                {
                    xattrs.Add(new Xattr(name, xattr.Value.ToArray()));
                }
            }
            return FileStat.Create(inode.Mode & 0xFFF, inode.Uid, inode.Gid, inode.MtimeSeconds, xattrs);
        }

        public void CheckLinkCounts()
        {
            foreach (var (nid, (_, inode, references)) in _leaves)
            {
                if (inode.Nlink != references)
                    throw image.Error(inode.Offset,
                        $"inode {nid} has nlink {inode.Nlink} but {references} directory entries");
            }
        }
    }

    private sealed class OverlayXattrs
    {
        public byte[]? Metacopy { get; set; }
        public byte[]? Redirect { get; set; }
    }

    private static string Show(byte[] name) => System.Text.Encoding.UTF8.GetString(name);
}
