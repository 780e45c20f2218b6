using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.Oci;

namespace BootcPlug.Deployments.Operations.Deploy;

/// <summary>What `deploy` was asked for.</summary>
/// <param name="Rootfs">The root filesystem tree to deploy (unused when <see cref="Image"/> is given).</param>
/// <param name="Stage">Stage it for the next boot (finalize makes it live) instead of making it the default
/// now.</param>
/// <param name="Kargs">Kernel arguments to add for a Type1 entry.</param>
/// <param name="ImageRef">The container image the tree stands for (status shows it), e.g.
/// quay.io/example/os:42.</param>
/// <param name="Created">The image's build time (default: now).</param>
/// <param name="ErofsVersion">The EROFS layout of the image (default: the repository's, from its meta.json).</param>
/// <param name="AllowMissingVerity">Whether the boot entry says composefs=? (default: only when the repository's
/// filesystem could not enable fs-verity).</param>
public sealed record DeployRequest(string Rootfs, bool Stage, IReadOnlyList<string> Kargs, string? ImageRef,
    DateTimeOffset? Created = null, ErofsFormatVersion? ErofsVersion = null, bool? AllowMissingVerity = null)
{
    /// <summary>--keep N: the new menu keeps up to N deployments (see RetentionPolicy), then garbage is collected.
    /// Null: bootc's menu of the new deployment and the booted one (plus pinned ones).</summary>
    public int? Keep { get; init; }

    /// <summary>
    /// --image: the container image to deploy instead of a tree (an OCI layout or archive). Its reference and
    /// manifest digest go into the origin; <see cref="ImageRef"/> and <see cref="Created"/> are not used.
    /// </summary>
    public OciImageReference? Image { get; init; }

    /// <summary>Told when each layer of <see cref="Image"/> starts and ends importing.</summary>
    public Action<OciLayerProgress>? ImportProgress { get; init; }

    /// <summary>Told the number of files of the --rootfs tree read and stored so far, after each one.</summary>
    public IProgress<int>? TreeProgress { get; init; }

    /// <summary>--boot-tries N: the new entry gets systemd's boot counter (systemd-boot only).</summary>
    public int? BootTries { get; init; }
}
