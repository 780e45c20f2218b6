namespace BootcPlug.Composefs.Erofs;

/// <summary>
/// Moves every (prefix, suffix, value) triple used by more than one inode into the shared table, sorted by
/// (prefix index, suffix, value); each inode keeps references in the order the entries had locally.
/// </summary>
internal static class XattrSharing
{
    public static List<WriterXattr> Share(List<WriterInode> inodes)
    {
        var counts = new Dictionary<WriterXattr, int>();
        foreach (var inode in inodes)
            foreach (var xattr in inode.LocalXattrs)
                counts[xattr] = counts.GetValueOrDefault(xattr) + 1;

        var shared = counts.Where(pair => pair.Value > 1).Select(pair => pair.Key).ToList();
        shared.Sort();
        var indexes = new Dictionary<WriterXattr, int>();
        for (int i = 0; i < shared.Count; i++) indexes[shared[i]] = i;

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
        return shared;
    }
}
