using System.Runtime.InteropServices;

namespace BootcPlug.Composefs.Native;

/// <summary>The few Linux system calls .NET does not expose: flock, fsync/syncfs of directories, statx, xattrs.</summary>
internal static partial class LibC
{
    public const int O_RDONLY = 0;
    public const int O_DIRECTORY = 0x10000;
    public const int O_CLOEXEC = 0x80000;
    public const int LOCK_SH = 1;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;
    public const int LOCK_UN = 8;
    public const int EINTR = 4;
    public const int EWOULDBLOCK = 11;
    public const int ENODATA = 61;
    public const int ERANGE = 34;
    public const int ENOTSUP = 95;
    public const int W_OK = 2;
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const uint STATX_BASIC_STATS = 0x7ff;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    public static unsafe partial nint Pread(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    public static partial int Syncfs(int fd);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "llistxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial nint Llistxattr(string path, byte* list, nint size);

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial nint Lgetxattr(string path, byte* name, byte* value, nint size);

    [LibraryImport("libc", EntryPoint = "faccessat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Faccessat(int dirfd, string path, int mode, int flags);

    public static IOException Error(string what, string path)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new IOException($"{path}: {what} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    /// <summary>fsync of a directory, so that a rename or new entry in it is durable.</summary>
    public static void FsyncDirectory(string directory) => OnDirectory(directory, "fsync", Fsync);

    /// <summary>syncfs of the filesystem that holds <paramref name="directory"/>.</summary>
    public static void SyncFilesystem(string directory) => OnDirectory(directory, "syncfs", Syncfs);

    private static void OnDirectory(string directory, string what, Func<int, int> call)
    {
        int fd = Open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) throw Error("open", directory);
        try
        {
            if (call(fd) != 0) throw Error(what, directory);
        }
        finally
        {
            Close(fd);
        }
    }
}
