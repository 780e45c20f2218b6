using BootcPlug.Composefs.Native;

namespace BootcPlug.Composefs.Repository;

/// <summary>Durable replacement of a file: temp file in the same directory, fsync, rename, fsync of the directory.</summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temp = TempPathIn(directory);
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        LibC.FsyncDirectory(directory);
    }

    /// <summary>Replaces (or creates) a symlink atomically: a temp symlink renamed over the name.</summary>
    public static void ReplaceSymlink(string path, string target)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var existing = new FileInfo(path);
        if (existing.LinkTarget == target) return;
        string temp = TempPathIn(directory);
        File.CreateSymbolicLink(temp, target);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        LibC.FsyncDirectory(directory);
    }

    public static string TempPathIn(string directory) =>
        Path.Combine(directory, ".tmp-" + Guid.NewGuid().ToString("N")[..16]);

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
