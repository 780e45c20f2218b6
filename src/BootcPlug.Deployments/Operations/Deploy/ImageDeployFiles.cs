using System.Runtime.InteropServices;
using System.Text;
using BootcPlug.Composefs.Repository;
using BootcPlug.Composefs.Tree;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Operations.Deploy;

/// <summary>
/// The files `deploy` reads from a tree, written out of a container image's merged tree into a directory, so that the
/// checks and steps of `deploy --rootfs` (<see cref="BootSource"/>, <see cref="DeployPreflight"/>, the state dir's
/// /etc) run on them unchanged: /etc, usr/lib/os-release, each usr/lib/modules/&lt;version&gt;/vmlinuz and
/// initramfs.img, and the UKIs under boot/EFI/Linux with their .extra.d addons. Files are written as what they are
/// in the image (a symlink stays a link, a FIFO a FIFO), with their permissions and times; nothing is followed.
/// </summary>
public static class ImageDeployFiles
{
    private const uint TypeCharacter = 0x2000, TypeBlock = 0x6000, TypeFifo = 0x1000, TypeSocket = 0xC000;

    public static void Write(FsDirectory root, ComposefsRepository repository, string destination)
    {
        var writer = new Writer(repository);
        if (Child(root, "etc") is FsDirectory etc) writer.Tree(etc, Path.Combine(destination, "etc"));
        if (Find(root, "usr/lib") is { } lib && Child(lib, "os-release") is FsLeaf osRelease)
            writer.Leaf(osRelease, Path.Combine(destination, "usr", "lib", "os-release"));
        if (Find(root, "usr/lib/modules") is { } modules)
        {
            foreach (var (name, node) in modules.Entries)
            {
                if (node is not FsDirectory kernel) continue;
                string kernelDir = Path.Combine(destination, "usr", "lib", "modules", Name(name));
                foreach (string file in new[] { "vmlinuz", "initramfs.img" })
                    if (Child(kernel, file) is FsLeaf leaf) writer.Leaf(leaf, Path.Combine(kernelDir, file));
            }
        }
        if (Find(root, BootSource.UkiFolder) is { } ukis)
        {
            string ukiDir = Path.Combine(destination, BootSource.UkiFolder);
            Directory.CreateDirectory(ukiDir);
            foreach (var (name, node) in ukis.Entries)
            {
                string file = Name(name);
                if (node is FsLeaf leaf && file.EndsWith(".efi", StringComparison.Ordinal))
                    writer.Leaf(leaf, Path.Combine(ukiDir, file));
                else if (node is FsDirectory addons && file.EndsWith(".efi.extra.d", StringComparison.Ordinal))
                    writer.Tree(addons, Path.Combine(ukiDir, file));
            }
        }
    }

    private static FsDirectory? Find(FsDirectory root, string path)
    {
        var current = root;
        foreach (string part in path.Split('/'))
        {
            if (Child(current, part) is not FsDirectory next) return null;
            current = next;
        }
        return current;
    }

    private static FsNode? Child(FsDirectory directory, string name) =>
        directory.TryGet(Encoding.UTF8.GetBytes(name), out var node) ? node : null;

    private static string Name(byte[] name) => Encoding.UTF8.GetString(name);

    private sealed class Writer(ComposefsRepository repository)
    {
        public void Tree(FsDirectory directory, string path)
        {
            Directory.CreateDirectory(path);
            foreach (var (name, node) in directory.Entries)
            {
                string child = Path.Combine(path, Name(name));
                if (node is FsDirectory sub) Tree(sub, child);
                else Leaf((FsLeaf)node, child);
            }
            File.SetUnixFileMode(path, (UnixFileMode)directory.Stat.Permissions);
            Directory.SetLastWriteTimeUtc(path, Time(directory.Stat));
        }

        public void Leaf(FsLeaf leaf, string path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            switch (leaf.Content)
            {
                case SymlinkTarget link:
                    File.CreateSymbolicLink(path, Encoding.UTF8.GetString(link.Target));
                    return;
                case InlineFile inline:
                    File.WriteAllBytes(path, inline.Data);
                    break;
                case ExternalFile external:
                    File.Copy(repository.ObjectPath(external.Id), path);
                    break;
                case CharacterDevice device:
                    Node(path, TypeCharacter, leaf.Stat, device.Rdev);
                    break;
                case BlockDevice device:
                    Node(path, TypeBlock, leaf.Stat, device.Rdev);
                    break;
                case Fifo:
                    Node(path, TypeFifo, leaf.Stat, 0);
                    break;
                case Socket:
                    Node(path, TypeSocket, leaf.Stat, 0);
                    break;
                default:
                    throw new OperationFailedException($"{path}: the image's file has no content to write");
            }
            File.SetUnixFileMode(path, (UnixFileMode)leaf.Stat.Permissions);
            File.SetLastWriteTimeUtc(path, Time(leaf.Stat));
        }

        private static void Node(string path, uint type, FileStat stat, ulong rdev)
        {
            if (LibC.Mknod(path, type | stat.Permissions, rdev) != 0)
                throw new IOException(
                    $"{path}: mknod failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        private static DateTime Time(FileStat stat) => DateTime.UnixEpoch.AddSeconds(stat.MtimeSeconds);
    }
}
