using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using static BootcPlug.Platform.LibC;

namespace BootcPlug.Platform;

/// <summary>
/// Resolves a directory below a trusted root without following a symbolic link in any component: with
/// <c>openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)</c> where the kernel has it (Linux 5.6+), otherwise with an
/// <c>openat(O_PATH | O_NOFOLLOW)</c> walk, one component at a time. The root itself is taken as given: the
/// administrator named it. Anything below it that is a symbolic link is refused with an
/// <see cref="UnsafePathException"/> naming it; the walk also names the link when openat2 only says "there is one".
/// </summary>
public static unsafe class NoFollowResolver
{
    private const uint S_IFMT = 0xF000, S_IFDIR = 0x4000, S_IFLNK = 0xA000;
    private const ulong RESOLVE_NO_SYMLINKS = 0x04, RESOLVE_BENEATH = 0x08;

    /// <summary>Set once openat2 turned out to be missing (ENOSYS) or filtered (EPERM by a seccomp policy).</summary>
    private static volatile bool s_noOpenat2;

    private static readonly AsyncLocal<bool> s_forceWalk = new();

    /// <summary>
    /// For tests: resolve with the per-component walk only, as on a kernel without openat2 (flows with the async
    /// context).
    /// </summary>
    public static bool ForceWalk
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

    /// <summary>
    /// Creates <paramref name="directory"/> and the missing directories above it, never through a symbolic link.
    /// </summary>
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
                if (Mkdirat(current, components[i], mode) != 0 && Marshal.GetLastPInvokeError() != EEXIST)
                    throw Error("mkdir", path);
                var next = OpenComponent(current, components[i], path)
                    ?? throw new DirectoryNotFoundException($"{path}: vanished while being created");
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
    /// Removes the file <paramref name="name"/> (a plain name) from a directory opened with
    /// <see cref="OpenDirectory"/>: the directory cannot be swapped for a link between the check and the removal.
    /// False when it was already gone.
    /// </summary>
    public static bool UnlinkFile(SafeFileHandle directory, string name, string pathForErrors)
    {
        if (name.Contains('/') || name is "." or "..")
            throw new ArgumentException($"'{name}' is not a plain file name");
        if (Unlinkat(directory, name, 0) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == ENOENT) return false;
        throw Error("unlink", pathForErrors, errno);
    }

    /// <returns>The handle of the deepest existing directory, and how many components it is below the root.</returns>
    private static (SafeFileHandle Handle, int Depth) Resolve(string fullRoot, string[] components)
    {
        var rootHandle = OpenAt(AT_FDCWD, fullRoot, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
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

    /// <summary>
    /// One step of the walk: the handle of <paramref name="name"/> in <paramref name="parent"/>, or null when it
    /// does not exist.
    /// </summary>
    private static SafeFileHandle? OpenComponent(SafeFileHandle parent, string name, string path)
    {
        // O_PATH | O_NOFOLLOW opens a symbolic link itself instead of failing, so its type can be checked and reported.
        var handle = OpenAt(parent, name, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
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
        if (Statx(handle, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_TYPE, buffer) != 0) throw Error("statx", path);
        return BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(buffer + 28, 2)) & S_IFMT;
    }

    private static SafeFileHandle Openat2(SafeFileHandle root, string relative)
    {
        var how = new OpenHow
        {
            Flags = (ulong)(O_PATH | O_DIRECTORY | O_CLOEXEC),
            Mode = 0,
            Resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS,
        };
        byte[] name = [.. System.Text.Encoding.UTF8.GetBytes(relative), 0];
        bool added = false;
        try
        {
            root.DangerousAddRef(ref added);
            fixed (byte* pointer = name)
            {
                nint fd = Syscall(SYS_openat2, root.DangerousGetHandle(), (nint)pointer, (nint)(&how), sizeof(OpenHow));
                return new SafeFileHandle(fd, ownsHandle: true);
            }
        }
        finally
        {
            if (added) root.DangerousRelease();
        }
    }

    /// <summary>
    /// The components of <paramref name="directory"/> below <paramref name="root"/>; refuses a path outside it.
    /// </summary>
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

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }
}
