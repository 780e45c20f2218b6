using BootcPlug.Bootloaders;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Layout;

/// <summary>
/// Before a host verb reads or changes anything: every directory of the host layout that exists is a real directory,
/// reached from its root without a symbolic link. A linked directory (say <c>run</c> pointing elsewhere) would make
/// us read state from, and write or delete files, outside the root; it is refused, naming it, before anything
/// happens. The durable primitives check again right before each change; this check gives every verb, readers
/// included, the same one-line answer up front.
/// </summary>
public static class HostLayoutCheck
{
    /// <summary>
    /// Registers the host's trusted roots (<see cref="HostPaths.TrustedRoots"/>) for every later check, then throws an
    /// <see cref="IOException"/> naming the first symbolic link found.
    /// </summary>
    public static void Run(HostPaths paths)
    {
        foreach (var root in paths.TrustedRoots) NoFollowPaths.TrustRoot(root);
        foreach (var directory in Directories(paths)) NoFollowPaths.EnsureDirectory(directory);
        foreach (var (parent, isOurs) in Parents(paths))
        {
            if (!Directory.Exists(parent)) continue;
            foreach (var entry in new DirectoryInfo(parent).EnumerateFileSystemInfos())
                if (entry.LinkTarget is not null && isOurs(entry.Name)) NoFollowPaths.EnsureDirectory(entry.FullName);
        }
    }

    /// <summary>The fixed directories: what the verbs lock, read, write and delete in.</summary>
    private static IEnumerable<string> Directories(HostPaths paths)
    {
        string repository = paths.Repository;
        string efiLinux = Path.Combine(paths.Esp, "EFI", "Linux");
        return
        [
            paths.RunComposefs, Path.GetDirectoryName(paths.LockFile)!,
            paths.StateDeploy, paths.SharedVar,
            Path.Combine(repository, "objects"),
            Path.Combine(repository, "images", "refs"),
            Path.Combine(repository, "streams", "refs"),
            Path.Combine(paths.BootDir, "loader", "entries"), Path.Combine(paths.BootDir, "loader", "entries.staged"),
            Path.Combine(paths.BootDir, "grub2"),
            paths.Esp,
            Path.Combine(efiLinux, "bootc"),
            Path.Combine(paths.Esp, "loader", "entries"), Path.Combine(paths.Esp, "loader", "entries.staged"),
        ];
    }

    /// <summary>
    /// Directories whose entries are ours: each deployment's state dir, the object folders, the kernel dirs, the UKI
    /// addon dirs.
    /// </summary>
    private static IEnumerable<(string Parent, Func<string, bool> IsOurs)> Parents(HostPaths paths)
    {
        static bool KernelDir(string name) =>
            name.StartsWith(BootloaderContract.ArtifactPrefix, StringComparison.Ordinal);
        return
        [
            (paths.StateDeploy, _ => true),
            (Path.Combine(paths.Repository, "objects"), name => name.Length == 2),
            (paths.BootDir, KernelDir),
            (Path.Combine(paths.Esp, "EFI", "Linux"), KernelDir),
            (Path.Combine(paths.Esp, "EFI", "Linux", "bootc"), name =>
                name.EndsWith(".extra.d", StringComparison.Ordinal)),
        ];
    }
}
