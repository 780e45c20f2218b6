using System.Runtime.CompilerServices;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static HashSet<ObjectId> Collect(ErofsImage image, FsVerityAlgorithm? algorithm)
    {
        var objects = new HashSet<ObjectId>(ExpectedObjectCount(image));
        var visited = new InodeNumberSet(image);
        var pending = new Stack<ulong>();
        var xattrs = new List<ErofsXattr>();
        var entries = new List<ErofsDirent>();
        pending.Push(image.RootNid);
        visited.Add(image.RootNid);
        while (pending.Count > 0)
        {
            var inode = image.ReadInode(pending.Pop());
            if (TryGetReference(image, inode, algorithm, xattrs, out var id)) objects.Add(id);
            if (!inode.IsDirectory) continue;
            image.ReadDirectory(inode, entries);
            foreach (var entry in entries)
            {
                if (entry.IsDot || entry.IsDotDot) continue;
                if (visited.Add(entry.Nid)) pending.Push(entry.Nid);
            }
        }
        return objects;
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

    /// <summary>The object a regular file's overlay xattrs name, if any.</summary>
    public static bool TryGetReference(ErofsImage image, ErofsInode inode, FsVerityAlgorithm? algorithm,
        out ObjectId id) =>
        TryGetReference(image, inode, algorithm, new List<ErofsXattr>(), out id);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
