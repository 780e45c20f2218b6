using BootcPlug.Models;

namespace BootcPlug.Deployments.Status;

/// <summary>
/// Maps an origin's ostree container reference (`ostree-unverified-image:docker://quay.io/x:y`) onto the status
/// document's <see cref="ImageReference"/> (`{image: quay.io/x:y, transport: registry}`) and back.
/// </summary>
public static class ImageReferences
{
    /// <summary>How bootc's origin marks a reference pulled without signature verification.</summary>
    public const string OriginPrefix = "ostree-unverified-image:";

    private static readonly (string Prefix, string Transport)[] Transports =
    [
        ("docker://", "registry"),
        ("registry:", "registry"),
        ("oci-archive:", "oci-archive"),
        ("oci:", "oci"),
        ("containers-storage:", "containers-storage"),
        ("dir:", "dir"),
    ];

    public static bool TryParse(string reference, out ImageReference image, out string error)
    {
        image = null!;
        string rest;
        ImageSignature? signature = null;
        if (TryStrip(reference, "ostree-unverified-registry:", out rest))
        {
            image = new ImageReference { Image = rest, Transport = "registry" };
            error = "";
            return rest.Length > 0 || Fail(reference, "empty image name", out error);
        }
        if (TryStrip(reference, "ostree-remote-registry:", out rest))
        {
            int colon = rest.IndexOf(':');
            if (colon <= 0) return Fail(reference, "expected REMOTE:IMAGE", out error);
            image = new ImageReference
            {
                Image = rest[(colon + 1)..],
                Transport = "registry",
                Signature = ImageSignature.FromOstreeRemote(rest[..colon]),
            };
            error = "";
            return true;
        }
        if (TryStrip(reference, "ostree-unverified-image:", out rest)) { }
        else if (TryStrip(reference, "ostree-image-signed:", out rest)) signature = ImageSignature.ContainerPolicy;
        else if (TryStrip(reference, "ostree-remote-image:", out rest))
        {
            int colon = rest.IndexOf(':');
            if (colon <= 0) return Fail(reference, "expected REMOTE:TRANSPORT:IMAGE", out error);
            signature = ImageSignature.FromOstreeRemote(rest[..colon]);
            rest = rest[(colon + 1)..];
        }
        else return Fail(reference, "not an ostree container reference (ostree-unverified-image:, "
            + "ostree-image-signed:, ostree-remote-image:, …)", out error);

        foreach (var (prefix, transport) in Transports)
        {
            if (!TryStrip(rest, prefix, out string name)) continue;
            if (name.Length == 0) return Fail(reference, "empty image name", out error);
            image = new ImageReference { Image = name, Transport = transport, Signature = signature };
            error = "";
            return true;
        }
        return Fail(reference, "unknown transport", out error);
    }

    /// <summary>
    /// The origin form of a plain image reference given to `deploy --image-ref` (a registry name, or TRANSPORT:NAME).
    /// </summary>
    public static string ToOrigin(string imageRef)
    {
        foreach (var (prefix, _) in Transports)
            if (imageRef.StartsWith(prefix, StringComparison.Ordinal))
                return "ostree-unverified-image:"
                    + (prefix == "registry:" ? "docker://" + imageRef[prefix.Length..] : imageRef);
        return "ostree-unverified-image:docker://" + imageRef;
    }

    private static bool TryStrip(string text, string prefix, out string rest)
    {
        rest = text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : "";
        return text.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static bool Fail(string reference, string why, out string error)
    {
        error = $"'{reference}': {why}";
        return false;
    }
}
