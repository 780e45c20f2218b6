using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.Oci;
using BootcPlug.Deployments.Operations.Deploy;

namespace BootcPlug.Deployments.Workflows;

/// <summary>What `switch` was asked for: the image the host follows from now on.</summary>
public sealed record SwitchRequest(OciImageReference Image, ErofsFormatVersion? ErofsVersion = null)
{
    public Action<OciLayerProgress>? ImportProgress { get; init; }
}

/// <summary>
/// `switch IMAGE`: as bootc's switch, stages a deployment of another image. The host's image is the one the staged
/// (else the booted) deployment's origin names, so staging it is what makes `upgrade` follow the new image. An image
/// whose composefs image equals an existing deployment's is refused (see <see cref="Deployer"/>).
/// </summary>
public sealed class SwitchImage(HostContext host)
{
    public DeployResult Run(SwitchRequest request) =>
        new Deploy(host).Run(new DeployRequest("", Stage: true, [], ImageRef: null,
            ErofsVersion: request.ErofsVersion)
        {
            Image = request.Image,
            ImportProgress = request.ImportProgress,
        });
}
