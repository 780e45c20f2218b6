using System.Globalization;
using System.Text;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Dumpfile;

/// <summary>
/// Writes a tree as a composefs dumpfile: one line per path, depth first in name order, a directory before its
/// children; the second and later paths of a hardlinked leaf are written as hardlink lines.
/// </summary>
public static class DumpfileWriter
{
    public static string Write(FsDirectory root)
    {
        var text = new StringBuilder();
        var firstPaths = new Dictionary<FsLeaf, byte[]>(ReferenceEqualityComparer.Instance);
        var linkCounts = new Dictionary<FsLeaf, int>(ReferenceEqualityComparer.Instance);
        CountLinks(root, linkCounts);
        WriteDirectory(text, "/"u8.ToArray(), root, firstPaths, linkCounts);
        return text.ToString();
    }

    private static void CountLinks(FsDirectory directory, Dictionary<FsLeaf, int> counts)
    {
        foreach (var (_, node) in directory.Entries)
        {
            if (node is FsDirectory child) CountLinks(child, counts);
            else if (node is FsLeaf leaf) counts[leaf] = counts.GetValueOrDefault(leaf) + 1;
        }
    }

    private static void WriteDirectory(StringBuilder text, byte[] path, FsDirectory directory,
        Dictionary<FsLeaf, byte[]> firstPaths, Dictionary<FsLeaf, int> linkCounts)
    {
        int subdirectories = directory.Entries.Count(e => e.Value is FsDirectory);
        AppendLine(text, path, 0, ErofsFormat.TypeDirectory, directory.Stat, 2 + subdirectories, 0, [], [], "-");
        foreach (var (name, node) in directory.Entries)
        {
            byte[] childPath = path.Length == 1 ? [.. path, .. name] : [.. path, (byte)'/', .. name];
            if (node is FsDirectory child)
            {
                WriteDirectory(text, childPath, child, firstPaths, linkCounts);
                continue;
            }
            var leaf = (FsLeaf)node;
            if (firstPaths.TryGetValue(leaf, out var firstPath))
            {
                text.Append(DumpfileEscaping.EscapeField(childPath)).Append(" 0 @120000 - - - - 0.0 ")
                    .Append(DumpfileEscaping.EscapeField(firstPath)).Append(" - -\n");
                continue;
            }
            firstPaths[leaf] = childPath;
            WriteLeaf(text, childPath, leaf, linkCounts[leaf]);
        }
    }

    private static void WriteLeaf(StringBuilder text, byte[] path, FsLeaf leaf, int nlink)
    {
        uint type = InodeCollector.TypeBits(leaf.Content);
        switch (leaf.Content)
        {
            case InlineFile file:
                AppendLine(text, path, (ulong)file.Data.Length, type, leaf.Stat, nlink, 0, [], file.Data, "-");
                break;
            case ExternalFile file:
                AppendLine(text, path, file.Size, type, leaf.Stat, nlink, 0,
                    Encoding.ASCII.GetBytes(file.Id.ToObjectPathName()), [], file.Id.ToHex());
                break;
            case RedirectOnlyFile file:
                AppendLine(text, path, file.Size, type, leaf.Stat, nlink, 0,
                    Encoding.UTF8.GetBytes(file.BackingPath.TrimStart('/')), [], "-");
                break;
            case SymlinkTarget link:
                AppendLine(text, path, (ulong)link.Target.Length, type, leaf.Stat, nlink, 0, link.Target, [], "-");
                break;
            case CharacterDevice device:
                AppendLine(text, path, 0, type, leaf.Stat, nlink, device.Rdev, [], [], "-");
                break;
            case BlockDevice device:
                AppendLine(text, path, 0, type, leaf.Stat, nlink, device.Rdev, [], [], "-");
                break;
            default:
                AppendLine(text, path, 0, type, leaf.Stat, nlink, 0, [], [], "-");
                break;
        }
    }

    private static void AppendLine(StringBuilder text, byte[] path, ulong size, uint type, FileStat stat, int nlink,
        ulong rdev, byte[] payload, byte[] content, string digest)
    {
        text.Append(DumpfileEscaping.EscapeField(path)).Append(' ')
            .Append(size.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Convert.ToString(type | stat.Permissions, 8)).Append(' ')
            .Append(nlink.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(stat.Uid.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(stat.Gid.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(rdev.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(stat.MtimeSeconds.ToString(CultureInfo.InvariantCulture)).Append(".0 ")
            .Append(DumpfileEscaping.EscapeField(payload)).Append(' ')
            .Append(DumpfileEscaping.EscapeField(content)).Append(' ')
            .Append(digest);
        foreach (var xattr in FileStat.SortXattrs(stat.Xattrs))
        {
            text.Append(' ').Append(DumpfileEscaping.EscapeXattrPart(xattr.Name)).Append('=')
                .Append(DumpfileEscaping.EscapeXattrPart(xattr.Value));
        }
        text.Append('\n');
    }
}
