using System.Runtime.InteropServices;

namespace Acme.Boot;

/// <summary>
/// Changes that survive a crash: a file is never edited in place. Its new content is written under a temporary name,
/// synced and renamed over the old file, and the folder is synced, so a crash leaves the old or the new file. Every
/// change is one rename, so the plugin needs no recovery role: the next write removes temporary files a crash left,
/// and readers never look at them.
/// </summary>
internal static class DurableFile
{
    private const string TempPrefix = ".bootcplug-tmp-";

    public static void Replace(string path, byte[] content)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        foreach (var leftover in Directory.EnumerateFiles(folder, TempPrefix + "*")) File.Delete(leftover);
        var temp = Path.Combine(folder, TempPrefix + Guid.NewGuid().ToString("N"));
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        Move(temp, path);
    }

    public static void Move(string from, string to)
    {
        File.Move(from, to, overwrite: true);
        SyncFolder(Path.GetDirectoryName(to)!);
    }

    public static void Delete(string path)
    {
        File.Delete(path);
        SyncFolder(Path.GetDirectoryName(path)!);
    }

    private static void SyncFolder(string folder)
    {
        const int O_RDONLY = 0, O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000;
        int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) throw new IOException($"{folder}: cannot open to sync (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (fsync(fd) != 0)
                throw new IOException($"{folder}: fsync failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc")]
    private static extern int close(int fd);
}
