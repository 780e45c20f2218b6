namespace BootcPlug.Deployments.Operations.Gc;

/// <summary>The bytes a file or directory tree holds (file sizes; links are not followed).</summary>
public static class DiskUsage
{
    public static long Of(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return 0;
        if (info.Exists) return info.Length;
        if (!Directory.Exists(path)) return 0;
        long total = 0;
        foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos())
            total += entry is FileInfo file && file.LinkTarget is null ? file.Length
                : entry.LinkTarget is null ? Of(entry.FullName)
                : 0;
        return total;
    }
}
