using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

// One source file compiled into both BootcPlug.Composefs and BootcPlug.Bootloaders.Formats (linked from the latter's
// project file), because neither references the other; it moves to the planned platform project as it is.
namespace BootcPlug.SafePaths;

/// <summary>A directory on the way to a file we would read, create, rename or delete is a symbolic link.</summary>
internal sealed class UnsafePathException(string path)
    : IOException($"{path}: is a symbolic link; refusing to follow it")
{
    /// <summary>The symbolic link that was found (the full path of that component).</summary>
    public string LinkPath { get; } = path;
}

/// <summary>
/// Resolves a directory below a trusted root without following a symbolic link in any component: with
/// <c>openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)</c> where the kernel has it (Linux 5.6+), otherwise with an
/// <c>openat(O_PATH | O_NOFOLLOW)</c> walk, one component at a time. The root itself is taken as given: the
/// administrator named it. Anything below it that is a symbolic link is refused with an <see cref="UnsafePathException"/>
/// naming it; the walk also names the link when openat2 only says "there is one".
/// </summary>
internal static unsafe partial class NoFollowResolver
{
    private const int O_PATH = 0x200000;
    private const int O_CLOEXEC = 0x80000;
    private const int AT_EMPTY_PATH = 0x1000;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const uint STATX_TYPE = 1;
    private const uint S_IFMT = 0xF000, S_IFDIR = 0x4000, S_IFLNK = 0xA000;
    private const ulong RESOLVE_NO_SYMLINKS = 0x04, RESOLVE_BENEATH = 0x08;
    private const long SYS_openat2 = 437; // the same number on every architecture (added after the tables were unified)
    private const int ENOENT = 2, EEXIST = 17, EPERM = 1, ENOSYS = 38, E2BIG = 7;

    // O_DIRECTORY and O_NOFOLLOW differ between x86 and the generic (arm64) ABI.
    private static readonly bool s_genericAbi = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
    private static readonly int O_DIRECTORY = s_genericAbi ? 0x4000 : 0x10000;
    private static readonly int O_NOFOLLOW = s_genericAbi ? 0x8000 : 0x20000;

    /// <summary>Set once openat2 turned out to be missing (ENOSYS) or filtered (EPERM by a seccomp policy).</summary>
    private static volatile bool s_noOpenat2;

    private static readonly AsyncLocal<bool> s_forceWalk = new();

    /// <summary>For tests: resolve with the per-component walk only, as on a kernel without openat2 (flows with the async context).</summary>
    internal static bool ForceWalk
    {
        get => s_forceWalk.Value;
        set => s_forceWalk.Value = value;
    }

    /// <summary>
    /// Opens <paramref name="directory"/> (at or below <paramref name="root"/>) as an <c>O_PATH</c> handle, for calls
    /// relative to it (<c>openat</c>, <c>unlinkat</c>, <c>renameat</c>). Throws <see cref="UnsafePathException"/> for a
    /// symbolic link below the root and <see cref="DirectoryNotFoundException"/> when a component is missing.
    /// </summary>
    public static SafeFileHandle OpenDirectory(string root, string directory)
    {
        var components = Components(root, directory, out string fullRoot);
        var (handle, depth) = Resolve(fullRoot, components);
        if (depth == components.Length) return handle;
        handle.Dispose();
        throw new DirectoryNotFoundException($"{Join(fullRoot, components, depth + 1)}: no such directory");
    }

    /// <summary>
    /// Checks that every existing component of <paramref name="directory"/> below <paramref name="root"/> is a real
    /// directory; components that do not exist yet are fine (whoever creates them creates real directories).
    /// </summary>
    public static void EnsureNoSymlinks(string root, string directory)
    {
        var components = Components(root, directory, out string fullRoot);
        // A root that does not exist yet holds nothing to follow.
        if (!Directory.Exists(fullRoot)) return;
        Resolve(fullRoot, components).Handle.Dispose();
    }

    /// <summary>Creates <paramref name="directory"/> and the missing directories above it, never through a symbolic link.</summary>
    public static void CreateDirectory(string root, string directory, int mode = 0x1ff /* 0777, less the umask */)
    {
        var components = Components(root, directory, out string fullRoot);
        Directory.CreateDirectory(fullRoot); // the root is taken as given
        var (current, depth) = Resolve(fullRoot, components);
        try
        {
            for (int i = depth; i < components.Length; i++)
            {
                string path = Join(fullRoot, components, i + 1);
                if (mkdirat(current, components[i], mode) != 0 && Marshal.GetLastPInvokeError() != EEXIST) throw Error("mkdir", path);
                var next = OpenComponent(current, components[i], path) ?? throw new DirectoryNotFoundException($"{path}: vanished while being created");
                current.Dispose();
                current = next;
            }
        }
        finally
        {
            current.Dispose();
        }
    }

    /// <summary>
    /// Removes the file <paramref name="name"/> (a plain name) from a directory opened with <see cref="OpenDirectory"/>:
    /// the directory cannot be swapped for a link between the check and the removal. False when it was already gone.
    /// </summary>
    public static bool UnlinkFile(SafeFileHandle directory, string name, string pathForErrors)
    {
        if (name.Contains('/') || name is "." or "..") throw new ArgumentException($"'{name}' is not a plain file name");
        if (unlinkat(directory, name, 0) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == ENOENT) return false;
        throw Error("unlink", pathForErrors, errno);
    }

    /// <returns>The handle of the deepest existing directory, and how many components it is below the root.</returns>
    private static (SafeFileHandle Handle, int Depth) Resolve(string fullRoot, string[] components)
    {
        var rootHandle = openat(AT_FDCWD, fullRoot, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        if (rootHandle.IsInvalid) throw Error("open", fullRoot);
        if (components.Length == 0) return (rootHandle, 0);
        if (!s_noOpenat2 && !ForceWalk)
        {
            var resolved = Openat2(rootHandle, string.Join('/', components));
            if (!resolved.IsInvalid)
            {
                rootHandle.Dispose();
                return (resolved, components.Length);
            }
            int errno = Marshal.GetLastPInvokeError();
            resolved.Dispose();
            if (errno is ENOSYS or EPERM or E2BIG) s_noOpenat2 = true;
            // Any other failure (ELOOP, ENOENT, ENOTDIR, EXDEV): the walk finds out which component and says so.
        }
        return Walk(rootHandle, fullRoot, components);
    }

    private static (SafeFileHandle, int) Walk(SafeFileHandle current, string fullRoot, string[] components)
    {
        try
        {
            for (int i = 0; i < components.Length; i++)
            {
                var next = OpenComponent(current, components[i], Join(fullRoot, components, i + 1));
                if (next is null) return (current, i);
                current.Dispose();
                current = next;
            }
            return (current, components.Length);
        }
        catch
        {
            current.Dispose();
            throw;
        }
    }

    /// <summary>One step of the walk: the handle of <paramref name="name"/> in <paramref name="parent"/>, or null when it does not exist.</summary>
    private static SafeFileHandle? OpenComponent(SafeFileHandle parent, string name, string path)
    {
        // O_PATH | O_NOFOLLOW opens a symbolic link itself instead of failing, so its type can be checked and reported.
        var handle = openat(parent, name, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
        if (handle.IsInvalid)
        {
            int errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            if (errno == ENOENT) return null;
            throw Error("open", path, errno);
        }
        uint type;
        try
        {
            type = TypeOf(handle, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        if (type == S_IFDIR) return handle;
        handle.Dispose();
        if (type == S_IFLNK) throw new UnsafePathException(path);
        throw new IOException($"{path}: is not a directory");
    }

    private static uint TypeOf(SafeFileHandle handle, string path)
    {
        byte* buffer = stackalloc byte[256];
        if (statx(handle, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_TYPE, buffer) != 0) throw Error("statx", path);
        return BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(buffer + 28, 2)) & S_IFMT;
    }

    private static SafeFileHandle Openat2(SafeFileHandle root, string relative)
    {
        var how = new OpenHow { Flags = (ulong)(O_PATH | O_DIRECTORY | O_CLOEXEC), Mode = 0, Resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS };
        byte[] name = [.. System.Text.Encoding.UTF8.GetBytes(relative), 0];
        bool added = false;
        try
        {
            root.DangerousAddRef(ref added);
            fixed (byte* pointer = name)
            {
                nint fd = syscall(SYS_openat2, root.DangerousGetHandle(), (nint)pointer, (nint)(&how), sizeof(OpenHow));
                return new SafeFileHandle(fd, ownsHandle: true);
            }
        }
        finally
        {
            if (added) root.DangerousRelease();
        }
    }

    /// <summary>The components of <paramref name="directory"/> below <paramref name="root"/>; refuses a path outside it.</summary>
    private static string[] Components(string root, string directory, out string fullRoot)
    {
        fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (fullRoot.Length == 0) fullRoot = "/";
        string full = Path.GetFullPath(directory);
        string relative = Path.GetRelativePath(fullRoot, full);
        if (relative == ".") return [];
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            throw new IOException($"{full}: is outside {fullRoot}");
        return relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Join(string root, string[] components, int count) =>
        Path.Combine([root, .. components.AsSpan(0, count)]);

    private static IOException Error(string call, string path, int? errno = null)
    {
        int code = errno ?? Marshal.GetLastPInvokeError();
        return new IOException($"{path}: {call} failed: {Marshal.GetPInvokeErrorMessage(code)}", code);
    }

    private const int AT_FDCWD = -100;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint syscall(long number, nint dirfd, nint path, nint how, nint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unlinkat(SafeFileHandle dirfd, string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial SafeFileHandle openat(int dirfd, string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial SafeFileHandle openat(SafeFileHandle dirfd, string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkdirat(SafeFileHandle dirfd, string path, int mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(SafeFileHandle dirfd, string path, int flags, uint mask, byte* buffer);
}
