using BootcPlug.Models;

namespace BootcPlug.Deployments.State;

/// <summary>Deployment ids are fs-verity digests (64 or 128 lowercase hex); anything else is never used as a path.</summary>
public static class DeploymentId
{
    public static bool IsValid(string? id) => FsVerityDigest.TryParse(id, out _);

    /// <summary>The first 12 characters, the shortest prefix `delete-deployment` accepts.</summary>
    public static string Short(string id) => id.Length <= 12 ? id : id[..12];
}
