using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BootcPlug.Testing;

/// <summary>
/// Writes an OCI image layout by hand: layer blobs (compressed as asked), config, manifest, index.json.
/// </summary>
public sealed class OciLayoutWriter(string directory)
{
    private readonly List<(string MediaType, string Digest, long Size, string DiffId)> _layers = [];

    public string Directory { get; } = directory;

    public static string Sha256(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Adds a layer; returns its blob digest.</summary>
    public string AddLayer(byte[] tar, string compression = "gzip", string? claimedDiffId = null)
    {
        byte[] blob = compression switch
        {
            "gzip" => Gzip(tar),
            "zstd" => new ZstdSharp.Compressor(3).Wrap(tar).ToArray(),
            _ => tar,
        };
        string mediaType = "application/vnd.oci.image.layer.v1.tar" + compression switch
        {
            "gzip" => "+gzip",
            "zstd" => "+zstd",
            _ => "",
        };
        string digest = WriteBlob(blob);
        _layers.Add((mediaType, digest, blob.Length, claimedDiffId ?? Sha256(tar)));
        return digest;
    }

    public string WriteBlob(byte[] blob)
    {
        string digest = Sha256(blob);
        string path = Path.Combine(Directory, "blobs", "sha256", digest[7..]);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, blob);
        return digest;
    }

    public string BlobPath(string digest) => Path.Combine(Directory, "blobs", "sha256", digest[7..]);

    /// <summary>
    /// Writes config, manifest and index.json (tagged <paramref name="tag"/>); returns the manifest digest.
    /// </summary>
    public string Finish(string tag, IReadOnlyDictionary<string, string>? labels = null,
        string created = "2026-11-30T12:00:00Z")
    {
        var config = new Dictionary<string, object>
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["created"] = created,
            ["config"] = new Dictionary<string, object> { ["Labels"] = labels ?? new Dictionary<string, string>() },
            ["rootfs"] = new Dictionary<string, object>
            {
                ["type"] = "layers",
                ["diff_ids"] = _layers.Select(l => l.DiffId).ToArray(),
            },
        };
        byte[] configJson = JsonSerializer.SerializeToUtf8Bytes(config);
        string configDigest = WriteBlob(configJson);
        var manifest = new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", configDigest, configJson.Length),
            ["layers"] = _layers.Select(l => Descriptor(l.MediaType, l.Digest, l.Size)).ToArray(),
        };
        byte[] manifestJson = JsonSerializer.SerializeToUtf8Bytes(manifest);
        string manifestDigest = WriteBlob(manifestJson);
        var index = new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                    ["digest"] = manifestDigest,
                    ["size"] = manifestJson.Length,
                    ["annotations"] = new Dictionary<string, string>
                    {
                        ["org.opencontainers.image.ref.name"] = tag,
                    },
                },
            },
        };
        File.WriteAllBytes(Path.Combine(Directory, "index.json"), JsonSerializer.SerializeToUtf8Bytes(index));
        File.WriteAllText(Path.Combine(Directory, "oci-layout"), "{\"imageLayoutVersion\": \"1.0.0\"}");
        return manifestDigest;
    }

    private static Dictionary<string, object> Descriptor(string mediaType, string digest, long size) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = digest,
        ["size"] = size,
    };

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }
}

/// <summary>Builds layer tars with System.Formats.Tar (an independent tar writer).</summary>
public sealed class LayerTar
{
    private readonly MemoryStream _output = new();
    private readonly System.Formats.Tar.TarWriter _writer;
    private readonly System.Formats.Tar.TarEntryFormat _format;

    public LayerTar(System.Formats.Tar.TarEntryFormat format = System.Formats.Tar.TarEntryFormat.Pax)
    {
        _format = format;
        _writer = new System.Formats.Tar.TarWriter(_output, format, leaveOpen: true);
    }

    public static readonly DateTimeOffset Mtime = DateTimeOffset.FromUnixTimeSeconds(1234567890);

    public LayerTar Directory(string path, int mode = 0x1ED) =>
        Add(System.Formats.Tar.TarEntryType.Directory, path, mode, null, null);

    public LayerTar File(string path, byte[] content, int mode = 0x1A4, Dictionary<string, string>? xattrs = null) =>
        Add(System.Formats.Tar.TarEntryType.RegularFile, path, mode, content, null, xattrs);

    public LayerTar File(string path, string content) => File(path, Encoding.UTF8.GetBytes(content));

    public LayerTar HardLink(string path, string target) =>
        Add(System.Formats.Tar.TarEntryType.HardLink, path, 0x1A4, null, target);

    public LayerTar Symlink(string path, string target) =>
        Add(System.Formats.Tar.TarEntryType.SymbolicLink, path, 0x1FF, null, target);

    private LayerTar Add(System.Formats.Tar.TarEntryType type, string path, int mode, byte[]? content, string? link,
        Dictionary<string, string>? xattrs = null)
    {
        System.Formats.Tar.PosixTarEntry entry = _format switch
        {
            System.Formats.Tar.TarEntryFormat.Gnu => new System.Formats.Tar.GnuTarEntry(type, path),
            System.Formats.Tar.TarEntryFormat.Ustar => new System.Formats.Tar.UstarTarEntry(type, path),
            _ => xattrs is null
                ? new System.Formats.Tar.PaxTarEntry(type, path)
                : new System.Formats.Tar.PaxTarEntry(type, path,
                    xattrs.ToDictionary(x => "SCHILY.xattr." + x.Key, x => x.Value)),
        };
        entry.Mode = (UnixFileMode)mode;
        entry.ModificationTime = Mtime;
        entry.Uid = 0;
        entry.Gid = 0;
        if (link is not null) entry.LinkName = link;
        if (content is not null) entry.DataStream = new MemoryStream(content);
        _writer.WriteEntry(entry);
        return this;
    }

    public byte[] ToArray()
    {
        _writer.Dispose();
        return _output.ToArray();
    }
}
