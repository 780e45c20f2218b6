namespace BootcPlug.Composefs.Oci;

/// <summary>
/// How composefs-rs names OCI content in a repository: the stream content ids, the splitstream content types, the
/// named refs and the tag refs under streams/refs/oci/ (a tag with '%' as "%25" and '/' as "%2F").
/// </summary>
public static class OciStreamNames
{
    /// <summary>The config's named ref to the composefs EROFS image (the V2 format).</summary>
    public const string ImageRefKey = "composefs.image";

    /// <summary>The config's named ref to the composefs EROFS image in the V1 format.</summary>
    public const string ImageRefKeyV1 = "composefs.image.v1";

    public const string TagPrefix = "oci/";

    internal static readonly ulong ConfigContentType = BitConverter.ToUInt64("ociconfg"u8);
    internal static readonly ulong ManifestContentType = BitConverter.ToUInt64("ocimanif"u8);

    public static string Layer(OciDigest diffId) => "oci-layer-" + diffId;

    public static string Config(OciDigest digest) => "oci-config-" + digest;

    public static string Manifest(OciDigest digest) => "oci-manifest-" + digest;

    /// <summary>The manifest's named ref to its config stream.</summary>
    internal static string ConfigRefKey(OciDigest digest) => "config:" + digest;

    /// <summary>The ref name (below streams/refs/) of an image tag.</summary>
    public static string TagRef(string tag)
    {
        ValidateTag(tag);
        return TagPrefix + tag.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("/", "%2F", StringComparison.Ordinal);
    }

    /// <summary>The tag a streams/refs/oci/ file name stands for.</summary>
    public static string DecodeTag(string encoded)
    {
        var result = new System.Text.StringBuilder(encoded.Length);
        for (int i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '%' && i + 2 < encoded.Length && encoded.Substring(i + 1, 2) is "25" or "2F" or "2f")
            {
                result.Append(encoded[i + 1] == '2' && encoded[i + 2] == '5' ? '%' : '/');
                i += 2;
            }
            else
            {
                result.Append(encoded[i]);
            }
        }
        return result.ToString();
    }

    public static void ValidateTag(string tag)
    {
        if (tag.Length == 0 || tag.StartsWith('@') || tag.Contains('\0') || tag is "." or "..")
            throw new ArgumentException($"invalid image tag '{tag}' (empty, '.', '..', NUL, or a leading '@')");
    }
}
