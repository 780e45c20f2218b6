using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;

namespace BootcPlug.Composefs.Oci;

/// <summary>
/// The OCI images of a composefs repository, stored as composefs-rs stores them: manifest stream → config stream →
/// layer streams (named refs by diff_id) and the composefs image (<see cref="OciStreamNames.ImageRefKey"/>), with
/// tags under streams/refs/oci/.
/// </summary>
public static class OciRepository
{
    /// <summary>Every tag and the manifest digest it names, by tag.</summary>
    public static IReadOnlyList<(string Tag, OciDigest ManifestDigest)> ListTags(ComposefsRepository repository)
    {
        string directory = Path.Combine(repository.Path, ComposefsRepository.StreamsDirectory,
            ComposefsRepository.RefsDirectory, "oci");
        var tags = new List<(string, OciDigest)>();
        if (!Directory.Exists(directory)) return tags;
        repository.EnsureNoSymlinks(directory);
        foreach (var link in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            if (new FileInfo(link).LinkTarget is not { } target) continue;
            string name = target[(target.LastIndexOf('/') + 1)..];
            if (name.StartsWith("oci-manifest-", StringComparison.Ordinal)
                && OciDigest.TryParse(name["oci-manifest-".Length..], out var digest))
                tags.Add((OciStreamNames.DecodeTag(Path.GetFileName(link)), digest));
        }
        return tags;
    }

    /// <summary>Opens an image by tag, or by manifest digest written <c>@sha256:…</c>.</summary>
    public static OciStoredImage Open(ComposefsRepository repository, string tagOrDigest)
    {
        OciDigest manifest;
        if (tagOrDigest.StartsWith('@'))
        {
            manifest = OciDigest.Parse(tagOrDigest[1..], tagOrDigest);
        }
        else
        {
            var found = ListTags(repository).Where(t => t.Tag == tagOrDigest).ToList();
            if (found.Count == 0)
                throw new ComposefsFormatException(repository.Path, null, $"no image tagged '{tagOrDigest}'");
            manifest = found[0].ManifestDigest;
        }
        return OpenManifest(repository, manifest);
    }

    /// <summary>Opens the image whose manifest stream is <c>oci-manifest-DIGEST</c>.</summary>
    public static OciStoredImage OpenManifest(ComposefsRepository repository, OciDigest manifestDigest)
    {
        string manifestName = OciStreamNames.Manifest(manifestDigest);
        var manifestStream = RepositoryStreams.Find(repository, manifestName)
            ?? throw new ComposefsFormatException(repository.Path, null, $"no stream {manifestName}");
        var (manifestJson, manifestRefs) = ReadJsonStream(repository, manifestStream, manifestName,
            OciStreamNames.ManifestContentType, manifestDigest);
        var manifest = OciManifest.Parse(manifestJson, manifestName);
        var configDigest = manifest.Config.Digest;
        var configStream = manifestRefs.GetValueOrDefault(OciStreamNames.ConfigRefKey(configDigest))
            ?? throw new ComposefsFormatException(manifestName, null, "has no named ref to its config");
        string configName = OciStreamNames.Config(configDigest);
        var (configJson, configRefs) = ReadJsonStream(repository, configStream, configName,
            OciStreamNames.ConfigContentType, configDigest);
        var config = OciImageConfig.Parse(configJson, configName);
        var layers = config.DiffIds.Select(diffId => configRefs.GetValueOrDefault(diffId.Value)
            ?? throw new ComposefsFormatException(configName, null, $"has no named ref to layer {diffId}")).ToList();
        return new OciStoredImage(manifestDigest, manifestStream, manifest, manifestJson, configDigest, configStream,
            config, configJson, layers, configRefs.GetValueOrDefault(OciStreamNames.ImageRefKey));
    }

    private static (byte[] Json, Dictionary<string, ObjectId?> Refs) ReadJsonStream(ComposefsRepository repository,
        ObjectId stream, string name, ulong contentType, OciDigest digest)
    {
        using var reader = SplitstreamContentReader.Open(RepositoryStreams.Read(repository, stream), name,
            repository.Algorithm, contentType);
        byte[] json = reader.ReadToEnd(id => RepositoryStreams.Read(repository, id));
        if (OciDigest.Compute(json) != digest)
            throw new ComposefsFormatException(name, null, $"content does not hash to {digest}");
        var refs = new Dictionary<string, ObjectId?>(StringComparer.Ordinal);
        foreach (var named in reader.Header.NamedRefs) refs[named.Name] = named.Target;
        return (json, refs);
    }

    /// <summary>The image's layers merged in order (whiteouts applied), before the composefs transformation.</summary>
    public static MergedDirectory MergeLayers(ComposefsRepository repository, OciStoredImage image)
    {
        var root = new MergedDirectory(Tree.FileStat.Create(0));
        for (int i = 0; i < image.LayerStreams.Count; i++)
        {
            string where = OciStreamNames.Layer(image.Config.DiffIds[i]);
            var merger = new LayerMerger(root, where);
            foreach (var (entry, content) in LayerStreamReader.Read(repository, image.LayerStreams[i], where))
                merger.Apply(entry, content);
        }
        return root;
    }

    /// <summary>
    /// The tree the composefs image of <paramref name="image"/> holds: the merged layers after the composefs-rs
    /// transformation (root metadata from /usr, /run emptied, only security.capability xattrs).
    /// </summary>
    public static MergedDirectory ImageTree(ComposefsRepository repository, OciStoredImage image)
    {
        var root = MergeLayers(repository, image);
        OciRootfsTransform.Apply(root, OciStreamNames.Manifest(image.ManifestDigest));
        return root;
    }

    /// <summary>
    /// Writes the composefs image of <paramref name="image"/> (images/&lt;verity&gt;) in <paramref name="format"/>,
    /// by default the layout the repository's meta.json asks for (as cfsctl does), records it in the config
    /// stream's <see cref="OciStreamNames.ImageRefKey"/> ref (config and manifest streams rewritten; the same
    /// bytes when the ref is already there) and re-points <paramref name="tag"/> when given.
    /// </summary>
    public static OciStoredImage CreateImage(ComposefsRepository repository, OciStoredImage image, string? tag,
        ErofsFormatVersion? format = null)
    {
        var tree = ImageTree(repository, image).ToFsDirectory();
        var imageId = repository.CommitImage(ErofsImageWriter.Write(tree, format ?? repository.ImageFormat), null);
        var configStream = WriteConfig(repository, image.ConfigJson, image.ConfigDigest, image.Config,
            image.LayerStreams, imageId);
        var manifestStream = WriteManifest(repository, image.ManifestJson, image.ManifestDigest, image.ConfigDigest,
            configStream, image.Config, image.LayerStreams);
        if (tag is not null)
            repository.WriteRef(ComposefsRepository.StreamsDirectory, OciStreamNames.TagRef(tag),
                OciStreamNames.Manifest(image.ManifestDigest));
        return image.WithStreams(manifestStream, configStream, imageId);
    }

    internal static ObjectId WriteConfig(ComposefsRepository repository, byte[] json, OciDigest digest,
        OciImageConfig config, IReadOnlyList<ObjectId> layers, ObjectId? imageId)
    {
        using var writer = new SplitstreamWriter(repository.Algorithm, OciStreamNames.ConfigContentType);
        for (int i = 0; i < layers.Count; i++) writer.AddNamedRef(config.DiffIds[i].Value, layers[i]);
        if (imageId is { } id) writer.AddNamedRef(OciStreamNames.ImageRefKey, id);
        writer.WriteExternal(repository.StoreObject(json), (ulong)json.Length);
        return StoreAndLink(repository, writer, OciStreamNames.Config(digest));
    }

    internal static ObjectId WriteManifest(ComposefsRepository repository, byte[] json, OciDigest digest,
        OciDigest configDigest, ObjectId configStream, OciImageConfig config, IReadOnlyList<ObjectId> layers)
    {
        using var writer = new SplitstreamWriter(repository.Algorithm, OciStreamNames.ManifestContentType);
        writer.AddNamedRef(OciStreamNames.ConfigRefKey(configDigest), configStream);
        for (int i = 0; i < layers.Count; i++) writer.AddNamedRef(config.DiffIds[i].Value, layers[i]);
        writer.WriteExternal(repository.StoreObject(json), (ulong)json.Length);
        return StoreAndLink(repository, writer, OciStreamNames.Manifest(digest));
    }

    /// <summary>Stores a splitstream, makes it and everything before it durable, then links its content id.</summary>
    internal static ObjectId StoreAndLink(ComposefsRepository repository, SplitstreamWriter writer, string contentId)
    {
        var id = RepositoryStreams.Store(repository, writer);
        repository.Sync();
        RepositoryStreams.Link(repository, contentId, id);
        return id;
    }
}
