namespace BootcPlug.Deployments.Operations.Deploy;

/// <summary>
/// Copies a directory tree: files with their mode and modification time, symlinks as links, directories with
/// their mode and time; FIFOs, sockets and devices as new nodes of the same kind (never opened); nothing is followed.
/// </summary>
public static class TreeCopy
{
    public static void Copy(string source, string destination)
    {
        var info = new DirectoryInfo(source);
        Directory.CreateDirectory(destination);
        File.SetUnixFileMode(destination, info.UnixFileMode);
        foreach (var entry in info.EnumerateFileSystemInfos())
        {
            string target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link) File.CreateSymbolicLink(target, link);
            else if (entry is DirectoryInfo) Copy(entry.FullName, target);
            else if (TreeFiles.IsSpecial(entry.FullName)) TreeFiles.CopySpecial(entry.FullName, target);
            else
            {
                File.Copy(entry.FullName, target);
                File.SetUnixFileMode(target, entry.UnixFileMode);
                File.SetLastWriteTimeUtc(target, entry.LastWriteTimeUtc);
            }
        }
        Directory.SetLastWriteTimeUtc(destination, info.LastWriteTimeUtc);
    }
}
