using Microsoft.Win32.SafeHandles;

namespace BootcPlug.Platform;

/// <summary>
/// The rule "nothing outside the named roots": a directory on the way to anything we read, create, rename or delete
/// is reached from its root without following a symbolic link. The roots (<c>--root</c>, an <c>--esp</c> the
/// administrator named) are registered once by the host with <see cref="TrustRoot"/>; a path is checked from the
/// deepest registered root that holds it, and from <c>/</c> when none does. A symbolic link is refused with an
/// <see cref="IOException"/> whose message names it ("PATH: is a symbolic link; refusing to follow it").
/// </summary>
/// <remarks>
/// The checks run immediately before each operation (check, then use by path); <see cref="OpenDirectory"/> gives a
/// handle for callers that operate relative to the directory and so close that window.
/// </remarks>
public static class NoFollowPaths
{
    private static readonly Lock s_gate = new();
    private static string[] s_roots = [];

    /// <summary>
    /// For tests: resolve with the per-component O_NOFOLLOW walk only, as on a kernel without openat2.
    /// </summary>
    public static bool ForcePerComponentWalk
    {
        get => NoFollowResolver.ForceWalk;
        set => NoFollowResolver.ForceWalk = value;
    }

    /// <summary>
    /// Takes <paramref name="root"/> as given: components at and above it are not checked, those below are.
    /// </summary>
    public static void TrustRoot(string root)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        lock (s_gate)
        {
            if (!s_roots.Contains(full, StringComparer.Ordinal)) s_roots = [.. s_roots, full];
        }
    }

    /// <summary>The registered root that holds <paramref name="path"/> most closely, or <c>/</c>.</summary>
    public static string RootOf(string path)
    {
        string full = Path.GetFullPath(path);
        return s_roots.Where(root => PathGuard.IsInside(root, full)).MaxBy(root => root.Length) ?? "/";
    }

    /// <summary>
    /// Throws when an existing component of <paramref name="directory"/> below its root is a symbolic link.
    /// </summary>
    public static void EnsureDirectory(string directory) =>
        NoFollowResolver.EnsureNoSymlinks(RootOf(directory), directory);

    /// <summary>As <see cref="EnsureDirectory(string)"/>, below an explicit root.</summary>
    public static void EnsureDirectory(string root, string directory) =>
        NoFollowResolver.EnsureNoSymlinks(root, directory);

    /// <summary>
    /// Checks the directory that holds <paramref name="path"/> (the file or directory itself may be a link: renames
    /// and unlinks do not follow it).
    /// </summary>
    public static void EnsureParent(string path) => EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);

    /// <summary>
    /// Checks <paramref name="path"/> itself too: a file or directory we rename or swap as a whole (a staged set, a
    /// menu file) must be ours, not a link to something elsewhere.
    /// </summary>
    public static void EnsurePath(string path)
    {
        EnsureParent(path);
        if (PathGuard.IsSymlink(path)) throw new UnsafePathException(Path.GetFullPath(path));
    }

    /// <summary>
    /// Creates <paramref name="directory"/> and its missing parents without following a symbolic link.
    /// </summary>
    public static void CreateDirectory(string directory) =>
        NoFollowResolver.CreateDirectory(RootOf(directory), directory);

    /// <summary>Opens an existing directory (no symbolic link below its root) for calls relative to it.</summary>
    public static SafeFileHandle OpenDirectory(string directory) =>
        NoFollowResolver.OpenDirectory(RootOf(directory), directory);
}
