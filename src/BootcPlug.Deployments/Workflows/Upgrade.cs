using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.Oci;
using BootcPlug.Deployments.Operations.Deploy;
using BootcPlug.Deployments.State;
using BootcPlug.Deployments.Status;

namespace BootcPlug.Deployments.Workflows;

/// <summary>What `upgrade` was asked for.</summary>
/// <param name="CheckOnly">--check: say whether there is an update, write nothing.</param>
public sealed record UpgradeRequest(bool CheckOnly, ErofsFormatVersion? ErofsVersion = null)
{
    public Action<OciLayerProgress>? ImportProgress { get; init; }
}

/// <summary>What `upgrade` found and did.</summary>
/// <param name="Image">The host's image reference, as its origin records it.</param>
/// <param name="Current">The manifest digest the host's deployment of it has.</param>
/// <param name="Available">The manifest digest the reference names now.</param>
/// <param name="Staged">The staged deployment, when an update was deployed.</param>
public sealed record UpgradeReport(OciImageReference Image, string Current, OciDigest Available,
    DeployResult? Staged)
{
    public bool UpdateAvailable => Available.ToString() != Current;
}

/// <summary>
/// `upgrade [--check]`: reads the host's image reference again (from the staged deployment's origin, else the booted
/// one's, as bootc's spec.image) and stages a deployment of it when its manifest digest is not the one that
/// deployment has. Only oci: and oci-archive: references can be read: there is no registry client.
/// </summary>
public sealed class Upgrade(HostContext host)
{
    public UpgradeReport Run(UpgradeRequest request)
    {
        var inventory = host.ReadInventory();
        var deployment = inventory.StagedPrimary
            ?? (inventory.BootedId is { } booted ? inventory.Find(booted) : null)
            ?? throw new OperationFailedException(
                "no booted deployment (the kernel command line names none): upgrade follows the booted image");
        string originPath = host.Paths.OriginFile(deployment.Id);
        var origin = deployment.Origin
            ?? throw new OperationFailedException($"{originPath}: missing, so the image to upgrade is unknown");
        var image = OciReference(origin, originPath);
        string current = origin.ManifestDigest
            ?? throw new OperationFailedException($"{originPath}: [image] manifest_digest: missing");
        var available = OciImporter.ResolveManifest(image);
        var report = new UpgradeReport(image, current, available, null);
        if (request.CheckOnly || !report.UpdateAvailable) return report;
        var result = new Deploy(host).Run(new DeployRequest("", Stage: true, [], ImageRef: null,
            ErofsVersion: request.ErofsVersion)
        {
            Image = image,
            ImportProgress = request.ImportProgress,
        });
        return report with { Staged = result };
    }

    private static OciImageReference OciReference(OriginFile origin, string originPath)
    {
        string text = origin.ContainerImageReference
            ?? throw new OperationFailedException(
                $"{originPath}: [origin] container-image-reference: missing; the deployment is not of an image");
        if (!ImageReferences.TryParse(text, out var image, out string error))
            throw new OperationFailedException($"{originPath}: [origin] container-image-reference {error}");
        if (image.Transport is not ("oci" or "oci-archive"))
            throw new OperationFailedException($"{originPath}: the image {text} is read with {image.Transport}, "
                + "which upgrade cannot read (oci: and oci-archive: only; there is no registry client)");
        try
        {
            return OciImageReference.Parse(image.Transport + ":" + image.Image);
        }
        catch (ArgumentException e)
        {
            throw new OperationFailedException($"{originPath}: [origin] container-image-reference: {e.Message}");
        }
    }
}
