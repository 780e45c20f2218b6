using BootcPlug.Composefs.Oci;
using BootcPlug.Composefs.Repository;

namespace BootcPlug.Deployments.State;

/// <summary>
/// The tag that keeps a deployment's container image in the repository, as bootc names it:
/// <c>localhost/bootc-&lt;manifest digest&gt;</c> (the file <c>streams/refs/oci/localhost%2Fbootc-sha256:…</c>). The
/// host gc removes such a tag once no deployment's origin names its manifest digest; other tags are never touched.
/// </summary>
public static class ImageGcRoot
{
    public const string TagPrefix = "localhost/bootc-";

    public static string Tag(OciDigest manifestDigest) => TagPrefix + manifestDigest;

    /// <summary>Points the tag at the manifest stream (durably; the same link again is no change).</summary>
    public static void Write(ComposefsRepository repository, OciDigest manifestDigest) =>
        repository.WriteRef(ComposefsRepository.StreamsDirectory, OciStreamNames.TagRef(Tag(manifestDigest)),
            OciStreamNames.Manifest(manifestDigest));
}
