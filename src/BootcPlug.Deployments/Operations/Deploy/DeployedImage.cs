using BootcPlug.Composefs.Oci;

namespace BootcPlug.Deployments.Operations.Deploy;

/// <summary>
/// The container image a deployment is made from: where it came from (its path absolute, as the origin records it
/// for upgrade to read again) and the image as the repository stores it.
/// </summary>
public sealed record DeployedImage(OciImageReference Reference, OciStoredImage Stored);
