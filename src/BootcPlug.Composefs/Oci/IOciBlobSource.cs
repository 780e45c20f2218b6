namespace BootcPlug.Composefs.Oci;

/// <summary>The files of an OCI image layout, wherever they are stored.</summary>
internal interface IOciBlobSource : IDisposable
{
    /// <summary>The layout's index.json.</summary>
    byte[] ReadIndex();

    /// <summary>The raw bytes of a blob (unchecked; wrap them in a <see cref="VerifiedBlobStream"/>).</summary>
    Stream OpenBlob(OciDigest digest);

    internal static IOciBlobSource Open(OciImageReference reference) => reference.Transport switch
    {
        OciTransport.Layout => new OciLayoutDirectory(reference.Path),
        _ => OciArchiveFile.Open(reference.Path),
    };
}

/// <summary>An OCI image layout directory: index.json and blobs/sha256/HEX.</summary>
internal sealed class OciLayoutDirectory : IOciBlobSource
{
    private readonly string _path;

    public OciLayoutDirectory(string path)
    {
        _path = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(_path)) throw new DirectoryNotFoundException($"{_path}: no such OCI layout directory");
        if (!File.Exists(System.IO.Path.Combine(_path, "oci-layout")))
            throw new ComposefsFormatException(_path, null, "not an OCI image layout (no oci-layout file)");
    }

    public byte[] ReadIndex()
    {
        string index = System.IO.Path.Combine(_path, "index.json");
        if (!File.Exists(index)) throw new ComposefsFormatException(_path, null, "OCI layout has no index.json");
        return File.ReadAllBytes(index);
    }

    public Stream OpenBlob(OciDigest digest)
    {
        string blob = System.IO.Path.Combine(_path, "blobs", "sha256", digest.Hex);
        if (!File.Exists(blob)) throw new ComposefsFormatException(_path, null, $"blob {digest} is missing");
        return new FileStream(blob, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    public void Dispose() { }
}
