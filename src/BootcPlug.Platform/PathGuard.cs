namespace BootcPlug.Platform;

/// <summary>
/// Keeps paths read from boot files inside the partition they belong to. A path with a <c>..</c> segment, a NUL or a
/// backslash, or one that resolves outside the base directory, is refused: it is reported and never opened or deleted.
/// </summary>
public static class PathGuard
{
    /// <summary>
    /// Resolves <paramref name="entryPath"/> (as written in an entry: relative to the partition root, usually with a
    /// leading <c>/</c>) under <paramref name="baseDir"/>. Returns null and sets <paramref name="problem"/>
    /// when unsafe.
    /// </summary>
    public static string? Resolve(string baseDir, string entryPath, out string problem)
    {
        problem = "";
        if (entryPath.Length == 0) { problem = "empty path"; return null; }
        if (entryPath.Contains('\0') || entryPath.Contains('\\'))
        {
            problem = $"path '{entryPath}' contains a NUL or a backslash";
            return null;
        }
        var segments = entryPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Contains(".."))
        {
            problem = $"path '{entryPath}' climbs out with '..'";
            return null;
        }
        var full = Path.GetFullPath(Path.Combine([baseDir, .. segments]));
        if (!IsInside(baseDir, full))
        {
            problem = $"path '{entryPath}' is outside {baseDir}";
            return null;
        }
        return full;
    }

    /// <summary>
    /// True when <paramref name="path"/> is <paramref name="baseDir"/> itself or below it
    /// (lexically, after normalisation).
    /// </summary>
    public static bool IsInside(string baseDir, string path)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDir));
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        return full == root || full.StartsWith(root + "/", StringComparison.Ordinal);
    }

    /// <summary>True when <paramref name="path"/> is a symbolic link (to anything).</summary>
    public static bool IsSymlink(string path) => new FileInfo(path).LinkTarget is not null;
}
