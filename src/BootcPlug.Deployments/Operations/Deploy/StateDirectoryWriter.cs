using BootcPlug.Deployments.Layout;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Operations.Deploy;

/// <summary>
/// Writes state/deploy/&lt;verity&gt;/ (the image's /etc, the link to the shared /var, the origin and image info)
/// under a temporary name first, so that the directory appears whole or not at all.
/// </summary>
public static class StateDirectoryWriter
{
    public static void Write(HostPaths paths, PlatformServices platform, string verity, string rootfs,
        Action<string> writeFiles)
    {
        NoFollowPaths.EnsureDirectory(paths.Root, paths.StateDir(verity));
        NoFollowPaths.EnsureDirectory(paths.Root, paths.SharedVar);
        Directory.CreateDirectory(paths.StateDeploy);
        Directory.CreateDirectory(paths.SharedVar);
        string final = paths.StateDir(verity);
        if (Directory.Exists(final))
        {
            // Left by a deploy that stopped before its boot entries were written: nothing refers to it. Renamed
            // first, so that a crash never leaves a half-deleted state dir under the deployment's name.
            Directory.Delete(platform.Files.MoveAside(final, "deploy-stale"), recursive: true);
        }
        string temp = platform.Files.CreateTempDirectory(paths.StateDeploy, "deploy");
        try
        {
            string etc = Path.Combine(rootfs, "etc");
            if (Directory.Exists(etc)) TreeCopy.Copy(etc, Path.Combine(temp, "etc"));
            else Directory.CreateDirectory(Path.Combine(temp, "etc"));
            File.Delete(Path.Combine(temp, "etc", ".updated"));
            File.CreateSymbolicLink(Path.Combine(temp, "var"), Path.Combine("..", "..", "os", "default", "var"));
            writeFiles(temp);
            platform.Files.SyncDirectory(temp);
            platform.Faults.Reached("deploy.state-dir-built");
            Directory.Move(temp, final);
            platform.Files.SyncDirectory(paths.StateDeploy);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }
}
