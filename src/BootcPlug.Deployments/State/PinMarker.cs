using BootcPlug.Bootloaders;
using BootcPlug.Deployments.Layout;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.State;

/// <summary>
/// <c>state/deploy/&lt;id&gt;/bootcplug.pinned</c>: the deployment is pinned (prune, deploy and delete-deployment keep
/// it). Its presence is the whole record; the file holds one line saying what it is for an admin who finds it. It
/// lives in the deployment's own state dir, so it goes when the deployment goes, and bootc, which reads only the files
/// it names there, never sees it.
/// </summary>
public static class PinMarker
{
    public const string FileName = "bootcplug.pinned";

    private const string Text = "pinned by bootcplug: prune, deploy and delete-deployment keep this deployment\n";

    public static string PathOf(HostPaths paths, DeploymentId id) => Path.Combine(paths.StateDir(id), FileName);

    /// <summary>Whether the deployment is pinned; a link in its place is not followed and counts as pinned, so that
    /// doubt keeps a deployment rather than drops it.</summary>
    public static bool IsPinned(HostPaths paths, DeploymentId id)
    {
        string path = PathOf(paths, id);
        return File.Exists(path) || PathGuard.IsSymlink(path);
    }

    /// <summary>Writes the marker (atomically and durably); false when it was already there.</summary>
    public static bool Write(HostPaths paths, DeploymentId id, DurableFiles durable)
    {
        string path = PathOf(paths, id);
        NoFollowPaths.EnsureParent(path);
        // A pin killed before its rename left a temporary marker, which nothing else in the state dir would remove.
        durable.RemoveLeftovers(Path.GetDirectoryName(path)!);
        if (File.Exists(path)) return false;
        durable.WriteText(path, Text);
        return true;
    }

    /// <summary>Removes the marker durably; false when there was none.</summary>
    public static bool Delete(HostPaths paths, DeploymentId id, DurableFiles durable)
    {
        string path = PathOf(paths, id);
        NoFollowPaths.EnsureParent(path);
        durable.RemoveLeftovers(Path.GetDirectoryName(path)!);
        if (!File.Exists(path) && !PathGuard.IsSymlink(path)) return false;
        File.Delete(path);
        durable.SyncDirectory(Path.GetDirectoryName(path)!);
        return true;
    }
}
