using System.Security.Cryptography;
using BootcPlug.Testing;

namespace BootcPlug.Platform.Tests.Support;

/// <summary>A directory moved aside and replaced by a link to it: what must never change through the link.</summary>
public static class Canary
{
    /// <summary>Moves <paramref name="relative"/> to a canary folder beside the root, linked in its place.</summary>
    public static string LinkTo(TempDir dir, string relative)
    {
        string canary = dir["canary-" + relative.Replace('/', '_')];
        Directory.Move(dir[relative], canary);
        Directory.CreateSymbolicLink(dir[relative], canary);
        return canary;
    }

    /// <summary>Puts the canary back in place of its link.</summary>
    public static void Restore(TempDir dir, string relative, string canary)
    {
        File.Delete(dir[relative]);
        Directory.Move(canary, dir[relative]);
    }

    /// <summary>Every path under <paramref name="root"/> with its kind and content hash.</summary>
    public static string Fingerprint(string root) => string.Join("\n",
        new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .OrderBy(e => e.FullName, StringComparer.Ordinal)
            .Select(e => e.FullName + " " + (e.LinkTarget is { } link ? "link:" + link
                : e is DirectoryInfo ? "dir" : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(e.FullName))))));
}
