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
            RepositoryFaults.Step("rename:" + Path.GetFileName(path));
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        LibC.FsyncDirectory(directory);
    }

    /// <summary>
    /// Creates a symlink, or replaces one atomically with a temp symlink renamed over the name. A new name needs no
    /// temp: creating a symlink is atomic by itself, and a crash leaves no temp behind.
    /// </summary>
    public static void ReplaceSymlink(string path, string target)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var existing = new FileInfo(path);
        if (existing.LinkTarget == target) return;
        if (!existing.Exists && existing.LinkTarget is null)
        {
            RepositoryFaults.Step("link:" + Path.GetFileName(path));
            File.CreateSymbolicLink(path, target);
            LibC.FsyncDirectory(directory);
            return;
        }
        string temp = TempPathIn(directory);
        RepositoryFaults.Step("link-temp:" + Path.GetFileName(path));
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
