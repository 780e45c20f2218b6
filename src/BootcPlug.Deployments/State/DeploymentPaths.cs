using BootcPlug.Bootloaders;
using BootcPlug.Deployments.Layout;

namespace BootcPlug.Deployments.State;

/// <summary>The files of one deployment under state/deploy, named by its typed id.</summary>
public static class DeploymentPaths
{
    public static string StateDir(this HostPaths paths, DeploymentId id) => paths.StateDir(id.Value);

    public static string OriginFile(this HostPaths paths, DeploymentId id) => paths.OriginFile(id.Value);

    public static string ImageInfoFile(this HostPaths paths, DeploymentId id) => paths.ImageInfoFile(id.Value);
}
