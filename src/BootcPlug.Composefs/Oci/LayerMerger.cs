using BootcPlug.Composefs.Oci.Tar;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Oci;

/// <summary>
/// Applies layer members to a <see cref="MergedDirectory"/> the way composefs-rs does: a member replaces what its
/// name held, except that a directory on a directory only updates the directory's metadata; <c>.wh.NAME</c> removes
/// NAME from the member's directory and <c>.wh..wh..opq</c> empties it; a hardlink shares its target's leaf. The
/// parent of every member must already be a directory (a path through a symlink or a missing directory is refused).
/// </summary>
internal sealed class LayerMerger(MergedDirectory root, string where)
{
    private static ReadOnlySpan<byte> WhiteoutPrefix => ".wh."u8;
    private static ReadOnlySpan<byte> OpaqueMarker => ".wh..wh..opq"u8;

    public void Apply(TarEntry entry, LeafContent? content)
    {
        var parts = TarPath.Components(entry.Path, where);
        if (parts.Length == 0)
        {
            if (entry.Type != TarEntryType.Directory)
                throw Error(entry, "the image root must be a directory");
            root.Stat = StatOf(entry);
            return;
        }
        object node = entry.Type switch
        {
            TarEntryType.Directory => new MergedDirectory(StatOf(entry)),
            TarEntryType.HardLink => ResolveHardlink(entry),
            _ => new FsLeaf(StatOf(entry), content ?? throw Error(entry, "has no content")),
        };
        var parent = Parent(parts, entry);
        var name = parts[^1];
        if (name.AsSpan().StartsWith(WhiteoutPrefix))
        {
            if (name.AsSpan().SequenceEqual(OpaqueMarker)) parent.Entries.Clear();
            else parent.Entries.Remove(name[WhiteoutPrefix.Length..]);
            return;
        }
        if (node is MergedDirectory directory && parent.Entries.TryGetValue(name, out var old)
            && old is MergedDirectory existing)
            existing.Stat = directory.Stat;
        else
            parent.Entries[name] = node;
    }

    private FsLeaf ResolveHardlink(TarEntry entry)
    {
        var target = TarPath.Components(entry.LinkTarget, where);
        if (target.Length == 0) throw Error(entry, "is a hardlink to the image root");
        var directory = Parent(target, entry);
        return directory.Entries.TryGetValue(target[^1], out var node) && node is FsLeaf leaf
            ? leaf
            : throw Error(entry, $"is a hardlink to '{System.Text.Encoding.UTF8.GetString(entry.LinkTarget)}', "
                + "which is not a file of the layers so far");
    }

    private MergedDirectory Parent(byte[][] parts, TarEntry entry)
    {
        var current = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (!current.Entries.TryGetValue(parts[i], out var next))
                throw Error(entry, $"lies in '{Prefix(parts, i)}', which does not exist");
            current = next as MergedDirectory
                ?? throw Error(entry, $"lies below '{Prefix(parts, i)}', which is not a directory");
        }
        return current;
    }

    private static string Prefix(byte[][] parts, int last) =>
        string.Join('/', parts.Take(last + 1).Select(p => System.Text.Encoding.UTF8.GetString(p)));

    private static FileStat StatOf(TarEntry entry) =>
        FileStat.Create(entry.Mode, entry.Uid, entry.Gid, entry.MtimeSeconds, entry.Xattrs);

    private ComposefsFormatException Error(TarEntry entry, string problem) =>
        new(where, null, $"'{entry.DisplayPath}' {problem}");
}
