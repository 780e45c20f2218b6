namespace BootcPlug.Composefs.Tree;

/// <summary>An extended attribute: full name (such as "user.foo") and value, both raw bytes.</summary>
public sealed record Xattr(byte[] Name, byte[] Value)
{
    public static Xattr Create(string name, byte[] value) => new(System.Text.Encoding.UTF8.GetBytes(name), value);
}

/// <summary>The metadata composefs keeps for every inode.</summary>
public sealed class FileStat
{
    /// <summary>Permission bits only (mode &amp; 07777); the file type comes from the node kind.</summary>
    public uint Permissions { get; init; }
    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public long MtimeSeconds { get; init; }

    /// <summary>Xattrs sorted by name (bytewise).</summary>
    public IReadOnlyList<Xattr> Xattrs { get; init; } = Array.Empty<Xattr>();

    public static FileStat Create(uint permissions, uint uid = 0, uint gid = 0, long mtime = 0,
        IEnumerable<Xattr>? xattrs = null) => new()
    {
        Permissions = permissions & 0xFFF,
        Uid = uid,
        Gid = gid,
        MtimeSeconds = mtime,
        Xattrs = xattrs is null ? Array.Empty<Xattr>() : SortXattrs(xattrs),
    };

    public static Xattr[] SortXattrs(IEnumerable<Xattr> xattrs)
    {
        var sorted = xattrs.ToArray();
        Array.Sort(sorted, (a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        return sorted;
    }
}
