using BootcPlug.Bootloaders;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Models;

namespace BootcPlug.Deployments.State;

/// <summary>
/// A deployment id as the other layers type it: the repository's <see cref="ObjectId"/> of its image (the
/// Composefs library knows nothing of the plugin contract), and the status document's digest.
/// </summary>
public static class DeploymentIdConversions
{
    /// <summary>The image's object id: sha256 for 64 hex digits, sha512 for 128.</summary>
    public static ObjectId ToObjectId(this DeploymentId id) =>
        ObjectId.ParseHex(
            id.ByteLength == FsVerityAlgorithm.Sha256.DigestSize()
                ? FsVerityAlgorithm.Sha256
                : FsVerityAlgorithm.Sha512,
            id.Value);

    public static DeploymentId ToDeploymentId(this ObjectId id) => DeploymentId.Parse(id.ToHex());

    public static FsVerityDigest ToFsVerityDigest(this DeploymentId id) => FsVerityDigest.Parse(id.Value);
}
