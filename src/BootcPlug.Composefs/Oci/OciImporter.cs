using System.IO.Compression;
using System.Text.Json;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;

namespace BootcPlug.Composefs.Oci;

/// <summary>How far an import is: one report when a layer starts and one when it is done (or found present).</summary>
public sealed class OciLayerProgress
{
    internal OciLayerProgress(int index, int count, OciDigest diffId, long compressedSize, bool done,
        bool alreadyPresent)
    {
        Index = index;
        Count = count;
        DiffId = diffId;
        CompressedSize = compressedSize;
        Done = done;
        AlreadyPresent = alreadyPresent;
    }

    /// <summary>The layer's position, from 0 (bottom).</summary>
    public int Index { get; }

    public int Count { get; }

    public OciDigest DiffId { get; }

    /// <summary>The blob's size as its descriptor gives it.</summary>
    public long CompressedSize { get; }

    public bool Done { get; }

    /// <summary>The layer stream was already in the repository: the blob was not read.</summary>
    public bool AlreadyPresent { get; }
}

/// <summary>What an import stored: the image as the repository now holds it, its tag, and the layer counts.</summary>
public sealed class OciImportResult
{
    internal OciImportResult(OciStoredImage image, string? tag, int layersImported, int layersPresent)
    {
        Image = image;
        Tag = tag;
        LayersImported = layersImported;
        LayersPresent = layersPresent;
    }

    public OciStoredImage Image { get; }

    /// <summary>The tag written (streams/refs/oci/ENCODED); null when the import was asked for none.</summary>
    public string? Tag { get; }

    public int LayersImported { get; }

    public int LayersPresent { get; }

    /// <summary>The composefs image id (fs-verity digest of its EROFS image).</summary>
    public ObjectId ImageId => Image.ImageId!.Value;
}

/// <summary>
/// Imports an image from an OCI layout or archive into a repository, as cfsctl's <c>oci pull</c> stores it:
/// layer streams (layers already present are not read), the config stream with its composefs image ref, the
/// manifest stream, then the tag. Every blob is checked against its descriptor while it is read, and every layer
/// against its diff_id; the tag, the only GC root written, comes last, so a failed import leaves only what the next
/// gc removes.
/// </summary>
public static class OciImporter
{
    /// <summary>
    /// Imports <paramref name="source"/>. Without a <paramref name="tag"/> nothing roots the image: the caller writes
    /// its own root (a deployment's GC-root tag) once it has decided to keep it, or leaves it to the next gc. The
    /// composefs image is written in <paramref name="imageFormat"/>, by default the repository's.
    /// </summary>
    public static OciImportResult Import(ComposefsRepository repository, OciImageReference source, string? tag,
        Action<OciLayerProgress>? progress = null, ErofsFormatVersion? imageFormat = null)
    {
        if (tag is not null) OciStreamNames.ValidateTag(tag);
        string where = source.ToString();
        using var blobs = IOciBlobSource.Open(source);
        var manifestDescriptor = SelectManifest(blobs.ReadIndex(), source, where);
        byte[] manifestJson = ReadBlob(blobs, manifestDescriptor, where);
        var manifest = OciManifest.Parse(manifestJson, $"{where} manifest {manifestDescriptor.Digest}");
        byte[] configJson = ReadBlob(blobs, manifest.Config, where);
        var config = OciImageConfig.Parse(configJson, $"{where} config {manifest.Config.Digest}");
        if (config.DiffIds.Count != manifest.Layers.Count)
            throw new ComposefsFormatException(where, null,
                $"manifest has {manifest.Layers.Count} layers but its config lists {config.DiffIds.Count} diff_ids");

        var layers = new List<ObjectId>();
        int imported = 0, present = 0;
        for (int i = 0; i < manifest.Layers.Count; i++)
        {
            var descriptor = manifest.Layers[i];
            var diffId = config.DiffIds[i];
            if (RepositoryStreams.Find(repository, OciStreamNames.Layer(diffId)) is { } existing)
            {
                layers.Add(existing);
                present++;
                progress?.Invoke(new OciLayerProgress(i, manifest.Layers.Count, diffId, descriptor.Size, true, true));
                continue;
            }
            progress?.Invoke(new OciLayerProgress(i, manifest.Layers.Count, diffId, descriptor.Size, false, false));
            layers.Add(ImportLayer(repository, blobs, descriptor, diffId, where));
            imported++;
            progress?.Invoke(new OciLayerProgress(i, manifest.Layers.Count, diffId, descriptor.Size, true, false));
        }

        // The config and manifest streams are written once, by CreateImage, with the image ref already in them.
        var stored = new OciStoredImage(manifestDescriptor.Digest, default, manifest, manifestJson,
            manifest.Config.Digest, default, config, configJson, layers, null);
        stored = OciRepository.CreateImage(repository, stored, tag, imageFormat);
        return new OciImportResult(stored, tag, imported, present);
    }

    /// <summary>
    /// The digest of the manifest <paramref name="source"/> names, read from its index.json and checked against
    /// the manifest blob; nothing is written.
    /// </summary>
    public static OciDigest ResolveManifest(OciImageReference source)
    {
        string where = source.ToString();
        using var blobs = IOciBlobSource.Open(source);
        var descriptor = SelectManifest(blobs.ReadIndex(), source, where);
        ReadBlob(blobs, descriptor, where);
        return descriptor.Digest;
    }

    private static ObjectId ImportLayer(ComposefsRepository repository, IOciBlobSource blobs, OciDescriptor descriptor,
        OciDigest diffId, string where)
    {
        var compression = OciMediaTypes.LayerCompressionOf(descriptor.MediaType)
            ?? throw new ComposefsFormatException(where, null,
                $"layer {descriptor.Digest} has media type '{descriptor.MediaType}', not a tar layer");
        string layerWhere = $"{where} layer {descriptor.Digest}";
        using var blob = new VerifiedBlobStream(blobs.OpenBlob(descriptor.Digest), descriptor, where);
        SplitstreamWriter writer;
        OciDigest actual;
        try
        {
            using var tar = Decompress(blob, compression);
            (writer, actual) = LayerSplitter.Split(repository, tar, layerWhere);
        }
        catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException or EndOfStreamException
            or ComposefsFormatException)
        {
            // A damaged blob is the root cause of whatever its content looked like: say that when it is so.
            blob.Complete();
            if (e is ComposefsFormatException) throw;
            throw new ComposefsFormatException(layerWhere, null, "cannot decompress: " + e.Message, e);
        }
        using (writer)
        {
            blob.Complete();
            if (actual != diffId)
                throw new ComposefsFormatException(layerWhere, null,
                    $"uncompressed content has sha256 {actual.Hex}, not the config's diff_id {diffId}");
            return OciRepository.StoreAndLink(repository, writer, OciStreamNames.Layer(diffId));
        }
    }

    private static Stream Decompress(Stream blob, LayerCompression compression) => compression switch
    {
        LayerCompression.Gzip => new GZipStream(blob, CompressionMode.Decompress, leaveOpen: true),
        LayerCompression.Zstd => new ZstdSharp.DecompressionStream(blob, leaveOpen: true),
        _ => new NonClosingStream(blob),
    };

    private static byte[] ReadBlob(IOciBlobSource blobs, OciDescriptor descriptor, string where)
    {
        if (descriptor.Size > 64 << 20)
            throw new ComposefsFormatException(where, null, $"blob {descriptor.Digest} is too large for JSON");
        using var blob = new VerifiedBlobStream(blobs.OpenBlob(descriptor.Digest), descriptor, where);
        using var buffer = new MemoryStream();
        blob.CopyTo(buffer);
        blob.Complete();
        return buffer.ToArray();
    }

    /// <summary>The manifest the reference names: by tag (ref.name annotation), by digest, or the only one.</summary>
    private static OciDescriptor SelectManifest(byte[] indexJson, OciImageReference source, string where)
    {
        using var document = OciJson.ParseObject(indexJson, $"{where} index.json");
        if (!document.RootElement.TryGetProperty("manifests", out var array) || array.ValueKind != JsonValueKind.Array)
            throw new ComposefsFormatException(where, null, "index.json has no manifests");
        var manifests = array.EnumerateArray().Select(m => OciDescriptor.Parse(m, $"{where} index.json")).ToList();
        List<OciDescriptor> matches;
        string wanted;
        if (source.Digest is { } digest)
            (matches, wanted) = (manifests.Where(m => m.Digest == digest).ToList(), "digest " + digest);
        else if (source.Tag is { } tag)
            (matches, wanted) = (manifests.Where(m => m.RefName == tag).ToList(), "tag '" + tag + "'");
        else
            (matches, wanted) = (manifests, "any manifest");
        if (matches.Count == 0) throw new ComposefsFormatException(where, null, $"index.json has no {wanted}");
        if (matches.Count > 1)
            throw new ComposefsFormatException(where, null,
                $"index.json has {matches.Count} manifests; name one with :TAG or @DIGEST");
        var selected = matches[0];
        if (selected.MediaType is not (OciMediaTypes.ImageManifest or OciMediaTypes.DockerManifest or ""))
            throw new ComposefsFormatException(where, null,
                $"{selected.Digest} is a '{selected.MediaType}', not an image manifest");
        return selected;
    }

    /// <summary>
    /// Keeps the verified blob open for <see cref="VerifiedBlobStream.Complete"/> after the tar is read.
    /// </summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
