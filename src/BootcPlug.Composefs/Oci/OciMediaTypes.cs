namespace BootcPlug.Composefs.Oci;

/// <summary>The media types an image import understands.</summary>
internal static class OciMediaTypes
{
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string ImageConfig = "application/vnd.oci.image.config.v1+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";

    /// <summary>How a layer blob is compressed, from its media type; null when it is not a tar layer.</summary>
    public static LayerCompression? LayerCompressionOf(string mediaType) => mediaType switch
    {
        "application/vnd.oci.image.layer.v1.tar" => LayerCompression.None,
        "application/vnd.oci.image.layer.v1.tar+gzip" => LayerCompression.Gzip,
        "application/vnd.oci.image.layer.v1.tar+zstd" => LayerCompression.Zstd,
        "application/vnd.oci.image.layer.nondistributable.v1.tar" => LayerCompression.None,
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip" => LayerCompression.Gzip,
        "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd" => LayerCompression.Zstd,
        "application/vnd.docker.image.rootfs.diff.tar.gzip" => LayerCompression.Gzip,
        "application/vnd.docker.image.rootfs.diff.tar" => LayerCompression.None,
        _ => null,
    };
}

internal enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}
