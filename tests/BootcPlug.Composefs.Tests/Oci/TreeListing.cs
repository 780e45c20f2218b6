using System.Security.Cryptography;
using BootcPlug.Composefs.Oci;
using BootcPlug.Composefs.Repository;
using BootcPlug.Composefs.Tree;
using BootcPlug.Platform;

namespace BootcPlug.Composefs.Tests.Oci;

/// <summary>
/// One line per path below a root: type, permissions, owner, xattrs, content digest (or link target, or device),
/// and for a second name of a hardlinked file the first name. The root itself is not listed.
/// </summary>
internal static class TreeListing
{
    public static List<string> OfDirectory(string root)
    {
        var lines = new List<string>();
        var inodes = new Dictionary<(ulong, ulong), string>();
        Walk(root, "");
        return lines;

        void Walk(string directory, string relative)
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
            {
                string name = relative + "/" + Path.GetFileName(path);
                var status = FileStatus.Lstat(path);
                var xattrs = FileStatus.ListXattrs(path).Select(x => new Xattr(x.Name, x.Value));
                string kind = status.Type switch
                {
                    0x4000 => "dir",
                    0x8000 => "file " + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))),
                    0xA000 => "symlink " + new FileInfo(path).LinkTarget,
                    _ => "other " + status.Type,
                };
                string link = "";
                if (status.Type != 0x4000 && status.Nlink > 1)
                {
                    var key = (status.Device, status.Inode);
                    if (inodes.TryGetValue(key, out var first)) link = " link=" + first;
                    else inodes[key] = name;
                }
                lines.Add(Line(name, kind, status.Mode & 0xFFF, status.Uid, status.Gid, xattrs) + link);
                if (status.Type == 0x4000) Walk(path, name);
            }
        }
    }

    public static List<string> OfTree(MergedDirectory root, ComposefsRepository repository)
    {
        var lines = new List<string>();
        var leaves = new Dictionary<FsLeaf, string>(ReferenceEqualityComparer.Instance);
        Walk(root, "");
        return lines;

        void Walk(MergedDirectory directory, string relative)
        {
            foreach (var entry in directory.Names)
            {
                string name = relative + "/" + entry;
                if (directory.Directory(entry) is { } sub)
                {
                    lines.Add(Line(name, "dir", sub.Stat.Permissions, sub.Stat.Uid, sub.Stat.Gid, sub.Stat.Xattrs));
                    Walk(sub, name);
                    continue;
                }
                var leaf = directory.Leaf(entry)!;
                string kind = leaf.Content switch
                {
                    InlineFile inline => "file " + Convert.ToHexStringLower(SHA256.HashData(inline.Data)),
                    ExternalFile external => "file " + Convert.ToHexStringLower(
                        SHA256.HashData(File.ReadAllBytes(repository.ObjectPath(external.Id)))),
                    SymlinkTarget symlink => "symlink " + System.Text.Encoding.UTF8.GetString(symlink.Target),
                    _ => "other " + leaf.Content.GetType().Name,
                };
                string link = leaves.TryGetValue(leaf, out var first) ? " link=" + first : "";
                leaves.TryAdd(leaf, name);
                lines.Add(Line(name, kind, leaf.Stat.Permissions, leaf.Stat.Uid, leaf.Stat.Gid, leaf.Stat.Xattrs)
                    + link);
            }
        }
    }

    private static string Line(string name, string kind, uint mode, uint uid, uint gid, IEnumerable<Xattr> xattrs) =>
        $"{name} {kind} {Convert.ToString(mode, 8)} {uid}:{gid} "
        + string.Join(",", xattrs.OrderBy(x => Convert.ToHexString(x.Name), StringComparer.Ordinal)
            .Select(x => System.Text.Encoding.UTF8.GetString(x.Name) + "=" + Convert.ToHexStringLower(x.Value)));
}
