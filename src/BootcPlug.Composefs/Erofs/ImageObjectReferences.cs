using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Erofs;

/// <summary>
/// Enumerates the repository objects an image refers to: the digest of every valid
/// <c>trusted.overlay.metacopy</c>, and, for a file whose metacopy carries no digest (C mkcomposefs without
/// digests), the object named by its <c>trusted.overlay.redirect</c>. Each inode is visited once.
/// </summary>
public static class ImageObjectReferences
{
    /// <param name="algorithm">Only objects of this algorithm count; null accepts sha256 and sha512.</param>
    public static HashSet<ObjectId> Collect(ErofsImage image, FsVerityAlgorithm? algorithm)
    {
        var found = CollectSets(image, algorithm);
        var objects = new HashSet<ObjectId>(found.Sha256.Count + found.Sha512.Count);
        objects.UnionWith(found.Sha256);
        objects.UnionWith(found.Sha512);
        return objects;
    }

    /// <summary>The references of one algorithm as a packed, sorted set (no object per id).</summary>
    public static ObjectIdSet CollectSet(ErofsImage image, FsVerityAlgorithm algorithm)
    {
        var builder = new ObjectIdSetBuilder(algorithm, ExpectedObjectCount(image));
        CollectInto(image, builder);
        return builder.Build();
    }

    /// <summary>Adds the references of the builder's algorithm to it (others are ignored).</summary>
    public static void CollectInto(ErofsImage image, ObjectIdSetBuilder builder)
    {
        var sha256 = builder.Algorithm == FsVerityAlgorithm.Sha256 ? builder : null;
        var sha512 = builder.Algorithm == FsVerityAlgorithm.Sha512 ? builder : null;
        Walk(image, builder.Algorithm, sha256, sha512);
    }

    /// <summary>The references of either algorithm (or only <paramref name="algorithm"/>'s), one set each.</summary>
    public static (ObjectIdSet Sha256, ObjectIdSet Sha512) CollectSets(ErofsImage image, FsVerityAlgorithm? algorithm)
    {
        int expected = ExpectedObjectCount(image);
        var sha256 = algorithm is null or FsVerityAlgorithm.Sha256
            ? new ObjectIdSetBuilder(FsVerityAlgorithm.Sha256, algorithm is null ? 0 : expected) : null;
        var sha512 = algorithm is null or FsVerityAlgorithm.Sha512
            ? new ObjectIdSetBuilder(FsVerityAlgorithm.Sha512, expected) : null;
        Walk(image, algorithm, sha256, sha512);
        return (sha256?.Build() ?? ObjectIdSet.Empty(FsVerityAlgorithm.Sha256),
            sha512?.Build() ?? ObjectIdSet.Empty(FsVerityAlgorithm.Sha512));
    }

    public static (ObjectIdSet Sha256, ObjectIdSet Sha512) CollectFileSets(string path, FsVerityAlgorithm? algorithm)
    {
        using var image = ErofsImage.OpenFile(path);
        return CollectSets(image, algorithm);
    }

    /// <summary>
    /// A walk reads each inode and directory block once, so the image pages it read need not stay resident: dropped
    /// every this many inodes, the walk of a 100,000-file image (34 MB) holds one or two megabytes of it, with the
    /// pages the kernel maps around each fault (a page read again costs a minor fault).
    /// </summary>
    private const int InodesBetweenPageDrops = 2048;

    /// <summary>Visits each inode once (depth first), adding every reference to its algorithm's builder.</summary>
    private static void Walk(ErofsImage image, FsVerityAlgorithm? algorithm, ObjectIdSetBuilder? sha256,
        ObjectIdSetBuilder? sha512)
    {
        var visited = new InodeNumberSet(image);
        var pending = new Stack<ulong>();
        var xattrs = new List<ErofsXattr>();
        var entries = new List<ErofsDirent>();
        pending.Push(image.RootNid);
        visited.Add(image.RootNid);
        for (int walked = 1; pending.Count > 0; walked++)
        {
            if (walked % InodesBetweenPageDrops == 0) image.DropResidentPages();
            var inode = image.ReadInode(pending.Pop());
            if (inode.XattrSize != 0) AddReference(image, inode, algorithm, xattrs, sha256, sha512);
            if (!inode.IsDirectory) continue;
            image.ReadDirectory(inode, entries);
            foreach (var entry in entries)
            {
                if (entry.IsDot || entry.IsDotDot) continue;
                if (visited.Add(entry.Nid)) pending.Push(entry.Nid);
            }
        }
    }

    /// <summary>
    /// The reference of one inode, as <see cref="TryGetReference(ErofsImage, ErofsInode, FsVerityAlgorithm?,
    /// out ObjectId)"/> finds it, added without making an <see cref="ObjectId"/> for a metacopy digest.
    /// </summary>
    private static void AddReference(ErofsImage image, ErofsInode inode, FsVerityAlgorithm? algorithm,
        List<ErofsXattr> xattrs, ObjectIdSetBuilder? sha256, ObjectIdSetBuilder? sha512)
    {
        ReadOnlyMemory<byte>? redirect = null;
        image.ReadXattrs(inode, xattrs);
        foreach (var xattr in xattrs)
        {
            if (xattr.NameIndex != ErofsFormat.XattrIndexTrusted) continue;
            var suffix = xattr.Suffix.Span;
            if (suffix.SequenceEqual(ErofsFormat.MetacopySuffix))
            {
                var value = xattr.Value.Span;
                if (MetacopyAlgorithm(value, algorithm) is { } found)
                {
                    (found == FsVerityAlgorithm.Sha256 ? sha256 : sha512)?.Add(value[4..]);
                    return;
                }
            }
            else if (suffix.SequenceEqual(ErofsFormat.RedirectSuffix))
            {
                redirect = xattr.Value;
            }
        }
        if (redirect is { } target && TryParseRedirect(target.Span, algorithm, out var id))
            (id.Algorithm == FsVerityAlgorithm.Sha256 ? sha256 : sha512)?.Add(id.Bytes);
    }

    /// <summary>The algorithm of a metacopy value that carries a digest (as <see cref="OverlayMetacopy.TryParse"/>
    /// accepts it), or null.</summary>
    private static FsVerityAlgorithm? MetacopyAlgorithm(ReadOnlySpan<byte> value, FsVerityAlgorithm? expected)
    {
        if (value.Length < 4 || value[0] != 0 || value[2] != 0 || value[1] != value.Length) return null;
        var algorithm = (FsVerityAlgorithm)value[3];
        if (!FsVerityAlgorithms.IsDefined(algorithm)) return null;
        if (expected is { } wanted && wanted != algorithm) return null;
        return value.Length == 4 + algorithm.DigestSize() ? algorithm : null;
    }

    /// <summary>
    /// The superblock's inode count, so that the set is not rehashed as it grows; bounded by what the image can hold
    /// (an object's inode and xattrs take more than 64 bytes), since the count is not to be trusted.
    /// </summary>
    private static int ExpectedObjectCount(ErofsImage image) =>
        (int)Math.Min(image.InodeCount, (ulong)Math.Min(image.Length / 64, 1 << 20));

    /// <summary>
    /// The inodes already queued, one bit per 32-byte inode slot of the image. A number past the image is never
    /// marked: reading that inode fails, which ends the walk.
    /// </summary>
    private sealed class InodeNumberSet(ErofsImage image)
    {
        private readonly ulong[] _bits = new ulong[image.Length / ErofsFormat.InodeSlotSize / 64 + 1];

        public bool Add(ulong nid)
        {
            if (nid / 64 >= (ulong)_bits.Length) return true;
            ref ulong word = ref _bits[nid / 64];
            ulong mask = 1UL << (int)(nid % 64);
            if ((word & mask) != 0) return false;
            word |= mask;
            return true;
        }
    }

    public static HashSet<ObjectId> CollectFile(string path, FsVerityAlgorithm? algorithm)
    {
        using var image = ErofsImage.OpenFile(path);
        return Collect(image, algorithm);
    }

    public static ObjectIdSet CollectFileSet(string path, FsVerityAlgorithm algorithm)
    {
        using var image = ErofsImage.OpenFile(path);
        return CollectSet(image, algorithm);
    }

    /// <summary>The object a regular file's overlay xattrs name, if any.</summary>
    public static bool TryGetReference(ErofsImage image, ErofsInode inode, FsVerityAlgorithm? algorithm,
        out ObjectId id) =>
        TryGetReference(image, inode, algorithm, new List<ErofsXattr>(), out id);

    private static bool TryGetReference(ErofsImage image, ErofsInode inode, FsVerityAlgorithm? algorithm,
        List<ErofsXattr> xattrs, out ObjectId id)
    {
        id = default;
        if (inode.XattrSize == 0) return false;
        ReadOnlyMemory<byte>? redirect = null;
        image.ReadXattrs(inode, xattrs);
        foreach (var xattr in xattrs)
        {
            if (xattr.IsTrusted(ErofsFormat.MetacopySuffix))
            {
                if (OverlayMetacopy.TryParse(xattr.Value.Span, algorithm, out id)) return true;
            }
            else if (xattr.IsTrusted(ErofsFormat.RedirectSuffix))
            {
                redirect = xattr.Value;
            }
        }
        return redirect is { } value && TryParseRedirect(value.Span, algorithm, out id);
    }

    private static bool TryParseRedirect(ReadOnlySpan<byte> value, FsVerityAlgorithm? algorithm, out ObjectId id)
    {
        id = default;
        if (value.Length > 256) return false;
        Span<char> text = stackalloc char[value.Length];
        for (int i = 0; i < value.Length; i++) text[i] = (char)value[i];
        if (algorithm is { } only) return ObjectId.TryParsePathName(only, text, out id);
        return ObjectId.TryParsePathName(FsVerityAlgorithm.Sha512, text, out id)
            || ObjectId.TryParsePathName(FsVerityAlgorithm.Sha256, text, out id);
    }
}
