namespace BootcPlug.Composefs.Oci;

public enum OciTransport
{
    /// <summary>An OCI image layout directory (<c>oci:DIR[:TAG|@DIGEST]</c>).</summary>
    Layout,

    /// <summary>A tar of an OCI image layout (<c>oci-archive:FILE[:TAG]</c>).</summary>
    Archive,
}

/// <summary>
/// Where an image comes from, as skopeo writes it: <c>oci:DIR[:TAG|@DIGEST]</c> or <c>oci-archive:FILE[:TAG]</c>.
/// Without a tag or digest the layout must hold exactly one manifest.
/// </summary>
public sealed class OciImageReference
{
    private OciImageReference(OciTransport transport, string path, string? tag, OciDigest? digest)
    {
        Transport = transport;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    public OciTransport Transport { get; }

    /// <summary>The layout directory or the archive file.</summary>
    public string Path { get; }

    /// <summary>The tag to pick from index.json (its org.opencontainers.image.ref.name annotation), if given.</summary>
    public string? Tag { get; }

    /// <summary>The manifest digest to pick from index.json, if given.</summary>
    public OciDigest? Digest { get; }

    public static OciImageReference Parse(string text)
    {
        OciTransport transport;
        string rest;
        if (text.StartsWith("oci:", StringComparison.Ordinal))
            (transport, rest) = (OciTransport.Layout, text["oci:".Length..]);
        else if (text.StartsWith("oci-archive:", StringComparison.Ordinal))
            (transport, rest) = (OciTransport.Archive, text["oci-archive:".Length..]);
        else
            throw new ArgumentException(
                $"'{text}': an image reference is oci:DIR[:TAG|@DIGEST] or oci-archive:FILE[:TAG]");
        string? tag = null;
        OciDigest? digest = null;
        int at = rest.LastIndexOf('@');
        if (transport == OciTransport.Layout && at > 0 && OciDigest.TryParse(rest[(at + 1)..], out var parsed))
        {
            digest = parsed;
            rest = rest[..at];
        }
        else
        {
            int colon = rest.LastIndexOf(':');
            if (colon >= 0 && !rest.AsSpan(colon + 1).Contains('/'))
            {
                tag = rest[(colon + 1)..];
                rest = rest[..colon];
                if (tag.Length == 0) throw new ArgumentException($"'{text}': empty tag");
            }
        }
        if (rest.Length == 0) throw new ArgumentException($"'{text}': no path");
        return new OciImageReference(transport, rest, tag, digest);
    }

    /// <summary>The same reference with its path made absolute (what a deployment's origin records).</summary>
    public OciImageReference WithAbsolutePath() =>
        new(Transport, System.IO.Path.GetFullPath(Path), Tag, Digest);

    public override string ToString() =>
        (Transport == OciTransport.Layout ? "oci:" : "oci-archive:") + Path
        + (Tag is not null ? ":" + Tag : "") + (Digest is { } d ? "@" + d : "");
}
