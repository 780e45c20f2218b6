using System.Buffers.Binary;
using System.Runtime.InteropServices;
using BootcPlug.Platform;

namespace BootcPlug.Plugins;

/// <summary>
/// Plugins run with bootcplug's rights (root), so only files that no one else could have written may load: as sudo
/// and OpenSSH's StrictModes require, every file and folder of a plugin, the plugins folder and every folder above
/// it up to / must be owned by root or the invoking user (the effective uid) and writable by neither group nor
/// others. A folder above the plugins folder may be world-writable only as /tmp is: owned by root with the sticky
/// bit, where no one can replace another's entry. Everything is looked at with lstat: a symbolic link on the way to
/// the plugins folder is followed and its target checked component by component (a link is as safe as the folder
/// that holds it and its owner); a symbolic link inside a plugin folder is refused.
/// </summary>
public static partial class PluginTrust
{
    private const uint TypeMask = 0xF000, TypeDirectory = 0x4000, TypeRegular = 0x8000, TypeSymlink = 0xA000;
    private const uint GroupOrOtherWrite = 0x12 /* 022 */, Sticky = 0x200 /* 01000 */;
    private const int MaxLinkHops = 40;

    /// <summary>
    /// Null when the plugins folder <paramref name="directory"/> and every folder above it pass, otherwise why not
    /// (naming the path).
    /// </summary>
    public static string? CheckFolderChain(string directory)
    {
        var remaining = new List<string>(Components(Path.GetFullPath(directory)));
        string current = "/";
        if (CheckEntry("/", Lstat("/"), strict: remaining.Count == 0) is { } rootProblem) return rootProblem;
        int hops = 0;
        while (remaining.Count > 0)
        {
            string name = remaining[0];
            remaining.RemoveAt(0);
            if (name == ".") continue;
            if (name == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            string candidate = Path.Join(current, name);
            if (!TryLstat(candidate, out var status)) return $"{candidate}: cannot be examined";
            if ((status.Mode & TypeMask) == TypeSymlink)
            {
                if (OwnerProblem(candidate, status) is { } linkOwner) return linkOwner;
                if (++hops > MaxLinkHops) return $"{candidate}: too many levels of symbolic links";
                string target = new FileInfo(candidate).LinkTarget!;
                remaining.InsertRange(0, Components(target));
                if (Path.IsPathRooted(target)) current = "/";
                continue;
            }
            bool last = remaining.All(n => n == ".");
            if ((status.Mode & TypeMask) != TypeDirectory) return $"{candidate}: not a folder";
            if (CheckEntry(candidate, status, strict: last) is { } problem) return problem;
            current = candidate;
        }
        return null;
    }

    /// <summary>
    /// Null when every file and folder in the plugin folder <paramref name="pluginDirectory"/> (itself included)
    /// passes, otherwise why not.
    /// </summary>
    public static string? CheckPluginTree(string pluginDirectory)
    {
        var pending = new Stack<string>([Path.GetFullPath(pluginDirectory)]);
        while (pending.Count > 0)
        {
            string path = pending.Pop();
            if (!TryLstat(path, out var status)) return $"{path}: cannot be examined";
            switch (status.Mode & TypeMask)
            {
                case TypeSymlink:
                    return $"{path}: is a symbolic link; a plugin's files and folders must be the real thing";
                case TypeDirectory:
                    if (CheckEntry(path, status, strict: true) is { } dirProblem) return dirProblem;
                    foreach (string child in Directory.EnumerateFileSystemEntries(path)
                        .Order(StringComparer.Ordinal)
                        .Reverse())
                        pending.Push(child);
                    break;
                case TypeRegular:
                    if (CheckEntry(path, status, strict: true) is { } fileProblem) return fileProblem;
                    break;
                default:
                    return $"{path}: not a regular file or folder";
            }
        }
        return null;
    }

    private static string? CheckEntry(string path, FileStatus status, bool strict)
    {
        if (OwnerProblem(path, status) is { } owner) return owner;
        if ((status.Mode & GroupOrOtherWrite) == 0) return null;
        bool stickyRootFolder = !strict && status.Uid == 0 && (status.Mode & Sticky) != 0;
        if (stickyRootFolder) return null;
        string who = (status.Mode & 0x2) != 0 ? "others" : "its group";
        return $"{path}: writable by {who} (mode {Convert.ToString(status.Mode & 0xFFF, 8).PadLeft(4, '0')}); "
            + "plugins and the folders above them must be writable only by their owner";
    }

    private static string? OwnerProblem(string path, FileStatus status)
    {
        uint self = LibC.Geteuid();
        if (status.Uid == 0 || status.Uid == self) return null;
        string allowed = self == 0 ? "root" : $"root or uid {self}";
        return $"{path}: owned by uid {status.Uid}, not by {allowed}; plugins run with bootcplug's rights";
    }

    private static IEnumerable<string> Components(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private readonly record struct FileStatus(uint Mode, uint Uid);

    private static FileStatus Lstat(string path) =>
        TryLstat(path, out var status)
            ? status
            : throw new IOException(
                $"{path}: lstat failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    private static unsafe bool TryLstat(string path, out FileStatus status)
    {
        const uint STATX_TYPE_MODE_UID = 0x1 | 0x2 | 0x8;
        byte* buffer = stackalloc byte[256];
        if (LibC.Statx(LibC.AT_FDCWD, path, LibC.AT_SYMLINK_NOFOLLOW, STATX_TYPE_MODE_UID, buffer) != 0)
        {
            status = default;
            return false;
        }
        var span = new ReadOnlySpan<byte>(buffer, 256);
        status = new FileStatus(BinaryPrimitives.ReadUInt16LittleEndian(span[28..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[20..]));
        return true;
    }
}
