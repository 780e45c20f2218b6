using System.Security.Cryptography;

namespace BootcPlug.Deployments.Tests.Support;

/// <summary>Every path under a root with its kind and content hash: to show that a refused operation changed
/// nothing.</summary>
public static class DiskSnapshot
{
    public static IReadOnlyDictionary<string, string> Take(string root, params string[] ignored)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(root, entry.FullName);
            if (ignored.Any(i => relative.StartsWith(i, StringComparison.Ordinal))) continue;
            result[relative] = entry.LinkTarget is { } link ? "link:" + link
                : entry is DirectoryInfo ? "dir"
                // A FIFO is never read (that would block): its type and permissions stand for it.
                : Deployments.Operations.Deploy.TreeFiles.IsSpecial(entry.FullName)
                    ? $"special:{Deployments.Operations.Deploy.TreeFiles.Lstat(entry.FullName)}"
                : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(entry.FullName)));
        }
        return result;
    }

    public static void AssertUnchanged(IReadOnlyDictionary<string, string> before, string root, params string[] ignored)
    {
        var after = Take(root, ignored);
        var changed = before.Keys.Union(after.Keys)
            .Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || a != b)
            .ToList();
        Assert.True(changed.Count == 0, "changed on disk: " + string.Join(", ", changed.Take(10)));
    }
}
