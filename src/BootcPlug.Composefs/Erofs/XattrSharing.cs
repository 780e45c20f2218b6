namespace BootcPlug.Composefs.Erofs;

/// <summary>
/// Moves every (prefix, suffix, value) triple used by more than one inode into the shared table; each inode keeps
/// references in the order the entries had locally.
/// </summary>
internal static class XattrSharing
{
    /// <summary>V2: the table sorted by (prefix index, suffix, value).</summary>
    public static List<WriterXattr> Share(List<WriterInode> inodes)
    {
        var shared = CountShared(inodes);
        shared.Sort();
        var indexes = new Dictionary<WriterXattr, int>();
        for (int i = 0; i < shared.Count; i++) indexes[shared[i]] = i;
        MoveToShared(inodes, indexes);
        return shared;
    }

    /// <summary>
    /// V1 (C mkcomposefs): each inode's entries sorted by full name, the table in descending full-name order, so
    /// that the entry with the smallest name is last and has the smallest index.
    /// </summary>
    public static List<WriterXattr> ShareByFullName(List<WriterInode> inodes)
    {
        foreach (var inode in inodes) inode.LocalXattrs.Sort((a, b) => a.CompareByFullName(b));
        var shared = CountShared(inodes);
        shared.Sort((a, b) => b.CompareByFullName(a));
        var indexes = new Dictionary<WriterXattr, int>();
        for (int i = 0; i < shared.Count; i++) indexes[shared[i]] = i;
        MoveToShared(inodes, indexes);
        return shared;
    }

    private static List<WriterXattr> CountShared(List<WriterInode> inodes)
    {
        var counts = new Dictionary<WriterXattr, int>();
        foreach (var inode in inodes)
            foreach (var xattr in inode.LocalXattrs)
                counts[xattr] = counts.GetValueOrDefault(xattr) + 1;
        return counts.Where(pair => pair.Value > 1).Select(pair => pair.Key).ToList();
    }

    private static void MoveToShared(List<WriterInode> inodes, Dictionary<WriterXattr, int> indexes)
    {
        foreach (var inode in inodes)
        {
            for (int i = 0; i < inode.LocalXattrs.Count;)
            {
                if (indexes.TryGetValue(inode.LocalXattrs[i], out int index))
                {
                    inode.SharedXattrs.Add(index);
                    inode.LocalXattrs.RemoveAt(i);
                }
                else
                {
                    i++;
                }
            }
        }
    }
}
