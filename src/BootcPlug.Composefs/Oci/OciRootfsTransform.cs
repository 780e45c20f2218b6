using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Oci;

/// <summary>
/// What composefs-rs does to a merged image before writing its EROFS, so that both give the same image: the root
/// directory takes /usr's mode, owner, mtime and xattrs; /run is emptied and takes /usr's mtime; every xattr but
/// security.capability is dropped.
/// </summary>
internal static class OciRootfsTransform
{
    private static readonly byte[] KeptXattr = "security.capability"u8.ToArray();

    public static void Apply(MergedDirectory root, string where)
    {
        var usr = root.Directory("usr") ?? throw new ComposefsFormatException(where, null,
            "image has no /usr directory (its metadata gives the root directory's)");
        root.Stat = Copy(usr.Stat, usr.Stat.Permissions, usr.Stat.Xattrs);
        if (root.Directory("run") is { } run)
        {
            run.Entries.Clear();
            run.Stat = new FileStat
            {
                Permissions = run.Stat.Permissions,
                Uid = run.Stat.Uid,
                Gid = run.Stat.Gid,
                MtimeSeconds = usr.Stat.MtimeSeconds,
                Xattrs = run.Stat.Xattrs,
            };
        }
        var seen = new HashSet<FsLeaf>(ReferenceEqualityComparer.Instance);
        Filter(root, seen);
    }

    private static void Filter(MergedDirectory directory, HashSet<FsLeaf> seen)
    {
        directory.Stat = Copy(directory.Stat, directory.Stat.Permissions, Kept(directory.Stat.Xattrs));
        foreach (var node in directory.Entries.Values)
        {
            if (node is MergedDirectory sub) Filter(sub, seen);
            else if (node is FsLeaf leaf && seen.Add(leaf))
                leaf.Stat = Copy(leaf.Stat, leaf.Stat.Permissions, Kept(leaf.Stat.Xattrs));
        }
    }

    private static Xattr[] Kept(IReadOnlyList<Xattr> xattrs) =>
        xattrs.Where(x => x.Name.AsSpan().SequenceEqual(KeptXattr)).ToArray();

    private static FileStat Copy(FileStat stat, uint permissions, IReadOnlyList<Xattr> xattrs) => new()
    {
        Permissions = permissions,
        Uid = stat.Uid,
        Gid = stat.Gid,
        MtimeSeconds = stat.MtimeSeconds,
        Xattrs = xattrs,
    };
}
