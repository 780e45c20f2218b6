using System.Runtime.InteropServices;

namespace BootcPlug.Platform;

/// <summary>
/// Atomic, durable changes to files, links and directories (boot files, host state, a repository's metadata and
/// links): write a temporary file in the same directory, fsync it, rename it over the target, fsync the directory;
/// swap a staged set with the live one using <c>renameat2(RENAME_EXCHANGE)</c>.
/// </summary>
/// <remarks>
/// <para>Temporary names start with <see cref="TempPrefix"/>; readers ignore them (they are dot files). Only a writer,
/// holding the exclusive host lock, finishes or undoes what a crash left (<see cref="RecoverDirectory"/>) and deletes
/// leftovers (<see cref="RemoveLeftovers"/>): a temporary name never holds the only copy of anything still wanted,
/// except the aside copy of the fallback below, which readers read in its place
/// (<see cref="ReadableDirectory"/>).</para>
/// <para><b>Where the filesystem refuses RENAME_EXCHANGE</b> (vfat before Linux 6.0, some network filesystems:
/// EINVAL, ENOSYS or EOPNOTSUPP), directories are swapped by renaming the live one aside to
/// <c>.bootcplug-tmp-previous-NAME</c>, renaming the incoming one into place and fsyncing the parent. A crash between
/// those two renames leaves no live directory; readers then read the aside copy, and the next writer renames it back
/// (<see cref="RecoverDirectory"/>), so the old set is restored. A crash after them leaves the new set and a leftover
/// that recovery deletes. Files never need the exchange: a rename over a file is atomic by itself.</para>
/// <para>Every method first checks, with <see cref="NoFollowPaths"/>, that the folders it works in are reached from
/// their root without a symbolic link (and that a set or file it swaps or moves aside is not one): a linked folder is
/// refused, naming it, before anything changes. The root is the one <see cref="NoFollowPaths"/> registered for the
/// path, or the one given to <see cref="Beneath"/>.</para>
/// <para>Each step reports to the fault points given to the constructor just before it runs ("rename:PATH",
/// "fsync-dir:DIR", ...). Fault points that throw stop the operation there, as a crash would, and nothing is
/// cleaned up.</para>
/// </remarks>
public sealed class DurableFiles
{
    private readonly IFaultPoints _faults;
    private readonly bool _refuseExchange;
    private readonly string? _root;

    /// <param name="faults">Where each step is reported before it runs.</param>
    /// <param name="refuseExchange">
    /// Behave as on a filesystem that refuses RENAME_EXCHANGE (crash sweeps and tests exercise the fallback so).
    /// </param>
    public DurableFiles(IFaultPoints faults, bool refuseExchange = false)
        : this(faults, refuseExchange, root: null)
    {
    }

    private DurableFiles(IFaultPoints faults, bool refuseExchange, string? root)
    {
        _faults = faults;
        _refuseExchange = refuseExchange;
        _root = root is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    /// <summary>
    /// The same operations, checking paths for symbolic links from <paramref name="root"/> (taken as given) rather
    /// than from the registered root: for a store that owns a directory, such as a composefs repository.
    /// </summary>
    public DurableFiles Beneath(string root) => new(_faults, _refuseExchange, root);

    /// <summary>The prefix of every temporary file or directory this class creates.</summary>
    public const string TempPrefix = ".bootcplug-tmp-";

    private void Step(string name) => _faults.Reached(name);

    /// <summary>
    /// Replaces (or creates) <paramref name="path"/> with <paramref name="content"/> atomically and durably; a new
    /// file gets <paramref name="mode"/> (default: 0666 less the umask).
    /// </summary>
    public void WriteFile(string path, ReadOnlySpan<byte> content, UnixFileMode? mode = null)
    {
        EnsureParent(path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = TempPath(dir, Path.GetFileName(path));
        Step("create-temp:" + path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (mode is { } unixMode) options.UnixCreateMode = unixMode;
        using (var stream = new FileStream(temp, options))
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
        MoveOver(temp, path);
        Step("fsync-dir:" + path);
        SyncDirectory(dir);
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) with <see cref="WriteFile"/>.</summary>
    public void WriteText(string path, string text) => WriteFile(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Writes a file that does not exist yet inside a directory that is not visible yet (no rename needed),
    /// and fsyncs it.
    /// </summary>
    public void WriteNewFile(string path, ReadOnlySpan<byte> content)
    {
        EnsureParent(path);
        Step("write-new:" + path);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Copies a file to a new path and fsyncs the copy.</summary>
    public void CopyNewFile(string source, string destination)
    {
        EnsureParent(destination);
        Step("copy:" + destination);
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read);
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write);
        input.CopyTo(output);
        output.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Creates a fresh, empty temporary directory inside <paramref name="parent"/> for building a new set.
    /// </summary>
    public string CreateTempDirectory(string parent, string purpose)
    {
        EnsureDirectory(parent);
        var path = TempPath(parent, purpose);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Renames a file or directory to a fresh temporary name in the same folder (so readers stop seeing it at once) and
    /// fsyncs the folder. Returns the new path.
    /// </summary>
    public string MoveAside(string path, string purpose)
    {
        EnsurePath(path);
        var parent = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var aside = TempPath(parent, purpose);
        Step("move-aside:" + path);
        if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null) Directory.Move(path, aside);
        else File.Move(path, aside);
        Step("fsync-dir:" + parent);
        SyncDirectory(parent);
        return aside;
    }

    /// <summary>fsyncs a directory so that renames and new names in it survive a crash.</summary>
    public void SyncDirectory(string dir)
    {
        EnsureDirectory(dir);
        int fd = LibC.Open(dir, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0) throw Error("open", dir);
        try
        {
            if (LibC.Fsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                // Some filesystems cannot fsync a directory; their metadata is then as durable as it gets.
                if (errno is not (LibC.EINVAL or LibC.EROFS)) throw Error("fsync", dir, errno);
            }
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    /// <summary>
    /// Atomically swaps two existing paths (files or directories) with <c>renameat2(RENAME_EXCHANGE)</c>.
    /// Returns false, changing nothing, when the filesystem does not support it.
    /// </summary>
    public bool TryExchange(string a, string b)
    {
        EnsurePath(a);
        EnsurePath(b);
        Step("exchange:" + b);
        if (_refuseExchange) return false;
        if (LibC.Renameat2(LibC.AT_FDCWD, a, LibC.AT_FDCWD, b, LibC.RENAME_EXCHANGE) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno is LibC.EINVAL or LibC.ENOSYS or LibC.EOPNOTSUPP) return false;
        throw Error("renameat2(RENAME_EXCHANGE)", $"{a} <-> {b}", errno);
    }

    /// <summary>
    /// Makes the file <paramref name="incoming"/> (in the same folder) the new <paramref name="live"/> one with one
    /// rename, which replaces the old file atomically, and fsyncs the folder: a crash leaves either file whole under
    /// the live name, and <paramref name="incoming"/> under its own name until the rename.
    /// </summary>
    public void ReplaceFile(string live, string incoming)
    {
        EnsurePath(live);
        EnsurePath(incoming);
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
    public void ReplaceDirectory(string live, string incoming)
    {
        EnsureDirectory(live);
        EnsureDirectory(incoming);
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
    public string? SwapDirectory(string live, string incoming)
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
    public string ReadableDirectory(string live)
    {
        if (Directory.Exists(live)) return live;
        var aside = AsidePath(live);
        return Directory.Exists(aside) && new DirectoryInfo(aside).LinkTarget is null ? aside : live;
    }

    /// <summary>
    /// Finishes or undoes an interrupted fallback swap of <paramref name="live"/>: when the live directory is missing
    /// but its aside copy exists, the copy is renamed back (the old set); when both exist, the copy is deleted.
    /// </summary>
    public void RecoverDirectory(string live)
    {
        EnsureDirectory(live);
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
    public void RemoveLeftovers(string dir)
    {
        EnsureDirectory(dir);
        if (!Directory.Exists(dir)) return;
        foreach (var path in Directory.EnumerateFileSystemEntries(dir, TempPrefix + "*"))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith(TempPrefix + "previous-", StringComparison.Ordinal)) continue;
            Step("remove-leftover:" + path);
            if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
                Directory.Delete(path, recursive: true);
            else
                File.Delete(path);
        }
    }

    /// <summary>
    /// Creates the symbolic link <paramref name="path"/> to <paramref name="target"/>, or replaces one atomically
    /// with a temporary link renamed over the name, and fsyncs the folder (created without following a link when
    /// missing). A new name needs no temporary: creating a link is atomic by itself.
    /// </summary>
    public void ReplaceSymlink(string path, string target)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        CreateDirectory(dir);
        var existing = new FileInfo(path);
        if (existing.LinkTarget == target) return;
        if (!existing.Exists && existing.LinkTarget is null)
        {
            Step("link:" + path);
            File.CreateSymbolicLink(path, target);
        }
        else
        {
            string temp = TempPath(dir, Path.GetFileName(path));
            Step("link-temp:" + path);
            File.CreateSymbolicLink(temp, target);
            Step("rename:" + path);
            MoveOver(temp, path);
        }
        Step("fsync-dir:" + path);
        SyncDirectory(dir);
    }

    /// <summary>A fresh temporary name in <paramref name="dir"/>: prefix, purpose, 8 random hex digits.</summary>
    public static string TempPath(string dir, string purpose) =>
        Path.Combine(dir, TempPrefix + purpose + "-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Renames a temporary file over <paramref name="path"/>; if that fails, the temporary goes too.</summary>
    private static void MoveOver(string temp, string path)
    {
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException)
        {
            File.Delete(temp);
            throw;
        }
    }

    private void EnsureParent(string path) => EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);

    private void EnsureDirectory(string directory)
    {
        if (_root is null) NoFollowPaths.EnsureDirectory(directory);
        else NoFollowPaths.EnsureDirectory(_root, directory);
    }

    private void EnsurePath(string path)
    {
        EnsureParent(path);
        if (PathGuard.IsSymlink(path)) throw new UnsafePathException(Path.GetFullPath(path));
    }

    private void CreateDirectory(string directory)
    {
        if (_root is null) NoFollowPaths.CreateDirectory(directory);
        else NoFollowResolver.CreateDirectory(_root, directory);
    }

    private static string AsidePath(string live) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(live))!, TempPrefix + "previous-" + Path.GetFileName(live));

    private static IOException Error(string call, string path, int? errno = null)
    {
        int code = errno ?? Marshal.GetLastPInvokeError();
        return new IOException($"{path}: {call} failed: {Marshal.GetPInvokeErrorMessage(code)} (errno {code})");
    }
}
