using System.Runtime.InteropServices;

namespace BootcPlug.Bootloaders.Formats.IO;

/// <summary>
/// Atomic, durable changes to boot files: write a temporary file in the same directory, fsync it, rename it over the
/// target, fsync the directory; swap a staged set with the live one using <c>renameat2(RENAME_EXCHANGE)</c>.
/// </summary>
/// <remarks>
/// <para>Temporary names start with <see cref="TempPrefix"/>; readers ignore them (they are dot files). Only a writer,
/// holding the exclusive host lock, finishes or undoes what a crash left (<see cref="RecoverDirectory"/>) and deletes
/// leftovers (<see cref="RemoveLeftovers"/>): a temporary name never holds the only copy of anything still wanted,
/// except the aside copy of the fallback below, which readers read in its place (<see cref="ReadableDirectory"/>).</para>
/// <para><b>Where the filesystem refuses RENAME_EXCHANGE</b> (vfat before Linux 6.0, some network filesystems:
/// EINVAL, ENOSYS or EOPNOTSUPP), directories are swapped by renaming the live one aside to
/// <c>.bootcplug-tmp-previous-NAME</c>, renaming the incoming one into place and fsyncing the parent. A crash between
/// those two renames leaves no live directory; readers then read the aside copy, and the next writer renames it back
/// (<see cref="RecoverDirectory"/>), so the old set is restored. A crash after them leaves the new set and a leftover
/// that recovery deletes. Files never need the exchange: a rename over a file is atomic by itself.</para>
/// <para>Every method first checks, with <see cref="NoFollowPaths"/>, that the folders it works in are reached from
/// their root without a symbolic link (and that a set or file it swaps or moves aside is not one): a linked folder is
/// refused, naming it, before anything changes.</para>
/// </remarks>
public static partial class DurableIO
{
    /// <summary>The prefix of every temporary file or directory this class creates.</summary>
    public const string TempPrefix = ".bootcplug-tmp-";

    private static readonly AsyncLocal<Action<string>?> s_stepHook = new();

    /// <summary>
    /// For crash tests: called with the name of each step just before it runs. A hook that throws stops the operation
    /// there, as a crash would, and nothing is cleaned up. Flows with the async context, so tests do not interfere.
    /// </summary>
    public static Action<string>? StepHook
    {
        get => s_stepHook.Value;
        set => s_stepHook.Value = value;
    }

    /// <summary>For tests: pretend the filesystem refuses RENAME_EXCHANGE, to exercise the fallback.</summary>
    public static bool ForceExchangeFallback
    {
        get => s_forceFallback.Value;
        set => s_forceFallback.Value = value;
    }

    private static readonly AsyncLocal<bool> s_forceFallback = new();

    private static void Step(string name) => StepHook?.Invoke(name);

    /// <summary>Replaces (or creates) <paramref name="path"/> with <paramref name="content"/> atomically and durably.</summary>
    public static void WriteFile(string path, ReadOnlySpan<byte> content)
    {
        NoFollowPaths.EnsureParent(path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(dir, TempPrefix + Path.GetFileName(path) + "-" + Guid.NewGuid().ToString("N")[..8]);
        Step("create-temp:" + path);
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            try
            {
                Step("write-temp:" + path);
                stream.Write(content);
                Step("fsync-temp:" + path);
                stream.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                stream.Dispose();
                File.Delete(temp);
                throw;
            }
        }
        Step("rename:" + path);
        File.Move(temp, path, overwrite: true);
        Step("fsync-dir:" + path);
        SyncDirectory(dir);
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) with <see cref="WriteFile"/>.</summary>
    public static void WriteText(string path, string text) => WriteFile(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Writes a file that does not exist yet inside a directory that is not visible yet (no rename needed), and fsyncs it.</summary>
    public static void WriteNewFile(string path, ReadOnlySpan<byte> content)
    {
        NoFollowPaths.EnsureParent(path);
        Step("write-new:" + path);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Copies a file to a new path and fsyncs the copy.</summary>
    public static void CopyNewFile(string source, string destination)
    {
        NoFollowPaths.EnsureParent(destination);
        Step("copy:" + destination);
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read);
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write);
        input.CopyTo(output);
        output.Flush(flushToDisk: true);
    }

    /// <summary>Creates a fresh, empty temporary directory inside <paramref name="parent"/> for building a new set.</summary>
    public static string CreateTempDirectory(string parent, string purpose)
    {
        NoFollowPaths.EnsureDirectory(parent);
        var path = Path.Combine(parent, TempPrefix + purpose + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Renames a file or directory to a fresh temporary name in the same folder (so readers stop seeing it at once) and
    /// fsyncs the folder. Returns the new path.
    /// </summary>
    public static string MoveAside(string path, string purpose)
    {
        NoFollowPaths.EnsurePath(path);
        var parent = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var aside = Path.Combine(parent, TempPrefix + purpose + "-" + Guid.NewGuid().ToString("N")[..8]);
        Step("move-aside:" + path);
        if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null) Directory.Move(path, aside);
        else File.Move(path, aside);
        Step("fsync-dir:" + parent);
        SyncDirectory(parent);
        return aside;
    }

    /// <summary>fsyncs a directory so that renames and new names in it survive a crash.</summary>
    public static void SyncDirectory(string dir)
    {
        NoFollowPaths.EnsureDirectory(dir);
        int fd = Native.open(dir, Native.O_RDONLY | Native.O_CLOEXEC);
        if (fd < 0) throw Native.Error("open", dir);
        try
        {
            if (Native.fsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                // Some filesystems cannot fsync a directory; their metadata is then as durable as it gets.
                if (errno is not (Native.EINVAL or Native.EROFS)) throw Native.Error("fsync", dir, errno);
            }
        }
        finally
        {
            _ = Native.close(fd);
        }
    }

    /// <summary>
    /// Atomically swaps two existing paths (files or directories) with <c>renameat2(RENAME_EXCHANGE)</c>.
    /// Returns false, changing nothing, when the filesystem does not support it.
    /// </summary>
    public static bool TryExchange(string a, string b)
    {
        NoFollowPaths.EnsurePath(a);
        NoFollowPaths.EnsurePath(b);
        Step("exchange:" + b);
        if (ForceExchangeFallback) return false;
        if (Native.renameat2(Native.AT_FDCWD, a, Native.AT_FDCWD, b, Native.RENAME_EXCHANGE) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno is Native.EINVAL or Native.ENOSYS or Native.EOPNOTSUPP) return false;
        throw Native.Error("renameat2(RENAME_EXCHANGE)", $"{a} <-> {b}", errno);
    }

    /// <summary>
    /// Makes the file <paramref name="incoming"/> (in the same folder) the new <paramref name="live"/> one with one
    /// rename, which replaces the old file atomically, and fsyncs the folder: a crash leaves either file whole under
    /// the live name, and <paramref name="incoming"/> under its own name until the rename.
    /// </summary>
    public static void ReplaceFile(string live, string incoming)
    {
        NoFollowPaths.EnsurePath(live);
        NoFollowPaths.EnsurePath(incoming);
        var dir = Path.GetDirectoryName(Path.GetFullPath(live))!;
        Step("rename:" + live);
        File.Move(incoming, live, overwrite: true);
        Step("fsync-dir:" + dir);
        SyncDirectory(dir);
    }

    /// <summary>
    /// Makes the directory <paramref name="incoming"/> the new <paramref name="live"/> one and removes the old one,
    /// durably; see the class remarks for the fallback where RENAME_EXCHANGE is refused.
    /// </summary>
    public static void ReplaceDirectory(string live, string incoming)
    {
        NoFollowPaths.EnsureDirectory(live);
        NoFollowPaths.EnsureDirectory(incoming);
        var parent = Path.GetDirectoryName(Path.GetFullPath(live))!;
        RecoverDirectory(live);
        string? old = SwapDirectory(live, incoming);
        if (old is not null)
        {
            Step("remove-old:" + old);
            Directory.Delete(old, recursive: true);
            Step("fsync-dir:" + parent);
            SyncDirectory(parent);
        }
    }

    /// <summary>
    /// Puts the directory <paramref name="incoming"/> in place of <paramref name="live"/> (exchange, or the fallback of
    /// the class remarks; a plain rename when there is no live one) and fsyncs the parent. Returns where the old live
    /// directory is now (<paramref name="incoming"/> after an exchange, the aside name after the fallback), or null.
    /// </summary>
    public static string? SwapDirectory(string live, string incoming)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(live))!;
        string? old;
        if (!Directory.Exists(live))
        {
            Step("rename:" + live);
            Directory.Move(incoming, live);
            old = null;
        }
        else if (TryExchange(incoming, live))
        {
            old = incoming;
        }
        else
        {
            old = AsidePath(live);
            Step("rename-aside:" + live);
            Directory.Move(live, old);
            Step("rename:" + live);
            Directory.Move(incoming, live);
        }
        Step("fsync-dir:" + parent);
        SyncDirectory(parent);
        return old;
    }

    /// <summary>
    /// The directory a reader reads for <paramref name="live"/>: the aside copy while an interrupted fallback swap
    /// left no live one (the copy <see cref="RecoverDirectory"/> will rename back), else <paramref name="live"/>.
    /// Changes nothing.
    /// </summary>
    public static string ReadableDirectory(string live)
    {
        if (Directory.Exists(live)) return live;
        var aside = AsidePath(live);
        return Directory.Exists(aside) && new DirectoryInfo(aside).LinkTarget is null ? aside : live;
    }

    /// <summary>
    /// Finishes or undoes an interrupted fallback swap of <paramref name="live"/>: when the live directory is missing
    /// but its aside copy exists, the copy is renamed back (the old set); when both exist, the copy is deleted.
    /// </summary>
    public static void RecoverDirectory(string live)
    {
        NoFollowPaths.EnsureDirectory(live);
        var aside = AsidePath(live);
        if (!Directory.Exists(aside)) return;
        var parent = Path.GetDirectoryName(Path.GetFullPath(live))!;
        if (Directory.Exists(live))
        {
            Step("remove-old:" + aside);
            Directory.Delete(aside, recursive: true);
        }
        else
        {
            Step("rename-back:" + live);
            Directory.Move(aside, live);
        }
        Step("fsync-dir:" + parent);
        SyncDirectory(parent);
    }

    /// <summary>
    /// For writers only: deletes what an interrupted operation left in <paramref name="dir"/>, names starting with
    /// <see cref="TempPrefix"/>, except aside copies that <see cref="RecoverDirectory"/> still needs.
    /// </summary>
    public static void RemoveLeftovers(string dir)
    {
        NoFollowPaths.EnsureDirectory(dir);
        if (!Directory.Exists(dir)) return;
        foreach (var path in Directory.EnumerateFileSystemEntries(dir, TempPrefix + "*"))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith(TempPrefix + "previous-", StringComparison.Ordinal)) continue;
            Step("remove-leftover:" + path);
            if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null) Directory.Delete(path, recursive: true);
            else File.Delete(path);
        }
    }

    private static string AsidePath(string live) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(live))!, TempPrefix + "previous-" + Path.GetFileName(live));

    private static partial class Native
    {
        public const int AT_FDCWD = -100;
        public const uint RENAME_EXCHANGE = 2;
        public const int O_RDONLY = 0;
        public const int O_CLOEXEC = 0x80000;
        public const int EINVAL = 22;
        public const int EROFS = 30;
        public const int ENOSYS = 38;
        public const int EOPNOTSUPP = 95;

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int renameat2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int open(string path, int flags);

        [LibraryImport("libc", SetLastError = true)]
        public static partial int fsync(int fd);

        [LibraryImport("libc", SetLastError = true)]
        public static partial int close(int fd);

        public static IOException Error(string call, string path, int? errno = null)
        {
            int code = errno ?? Marshal.GetLastPInvokeError();
            return new IOException($"{path}: {call} failed: {Marshal.GetPInvokeErrorMessage(code)} (errno {code})");
        }
    }
}
