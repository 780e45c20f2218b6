using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Oci;

/// <summary>
/// An image in a repository, reached from its manifest stream: the manifest and config digests, the config, the
/// layer streams in order (bottom first), and the composefs image the config names, if any.
/// </summary>
public sealed class OciStoredImage
{
    internal OciStoredImage(OciDigest manifestDigest, ObjectId manifestStream, OciManifest manifest,
        byte[] manifestJson, OciDigest configDigest, ObjectId configStream, OciImageConfig config, byte[] configJson,
        IReadOnlyList<ObjectId> layerStreams, ObjectId? imageId)
    {
        ManifestDigest = manifestDigest;
        ManifestStream = manifestStream;
        Manifest = manifest;
        ManifestJson = manifestJson;
        ConfigDigest = configDigest;
        ConfigStream = configStream;
        Config = config;
        ConfigJson = configJson;
        LayerStreams = layerStreams;
        ImageId = imageId;
    }

    /// <summary>The manifest digest (what bootc calls the image digest).</summary>
    public OciDigest ManifestDigest { get; }

    /// <summary>The manifest splitstream object (<c>streams/oci-manifest-DIGEST</c>).</summary>
    public ObjectId ManifestStream { get; }

    internal OciManifest Manifest { get; }

    /// <summary>The manifest JSON as stored (its sha256 is <see cref="ManifestDigest"/>).</summary>
    public byte[] ManifestJson { get; }

    public OciDigest ConfigDigest { get; }

    /// <summary>The config splitstream object (<c>streams/oci-config-DIGEST</c>).</summary>
    public ObjectId ConfigStream { get; }

    public OciImageConfig Config { get; }

    /// <summary>The config JSON as stored.</summary>
    public byte[] ConfigJson { get; }

    /// <summary>The layer splitstream objects, bottom layer first.</summary>
    public IReadOnlyList<ObjectId> LayerStreams { get; }

    /// <summary>The composefs image (its fs-verity digest) the config's composefs.image ref names, if any.</summary>
    public ObjectId? ImageId { get; }

    internal OciStoredImage WithStreams(ObjectId manifestStream, ObjectId configStream, ObjectId imageId) =>
        new(ManifestDigest, manifestStream, Manifest, ManifestJson, ConfigDigest, configStream, Config, ConfigJson,
            LayerStreams, imageId);
}
