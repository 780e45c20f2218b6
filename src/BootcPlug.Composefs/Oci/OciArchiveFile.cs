using BootcPlug.Composefs.Oci.Tar;

namespace BootcPlug.Composefs.Oci;

/// <summary>
/// An OCI archive: a tar of an image layout. Its members are indexed once; a blob is read in place.
/// </summary>
internal sealed class OciArchiveFile : IOciBlobSource
{
    private readonly string _path;
    private readonly Dictionary<string, (long Offset, long Size)> _members;

    private OciArchiveFile(string path, Dictionary<string, (long, long)> members)
    {
        _path = path;
        _members = members;
    }

    public static OciArchiveFile Open(string path)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such OCI archive", path);
        var members = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var headers = new TarHeaderReader(block => ReadFully(file, block), _ => { }, path);
        while (headers.Next() is { } entry)
        {
            string name = string.Join('/', TarPath.Components(entry.Path, path)
                .Select(part => System.Text.Encoding.UTF8.GetString(part)));
            if (entry.Type == TarEntryType.Regular) members[name] = (file.Position, entry.Size);
            if (file.Position + entry.StoredSize > file.Length)
                throw new ComposefsFormatException(path, null, $"archive is truncated inside '{name}'");
            file.Seek(entry.StoredSize, SeekOrigin.Current);
        }
        if (!members.ContainsKey("oci-layout"))
            throw new ComposefsFormatException(path, null, "not an OCI archive (no oci-layout member)");
        return new OciArchiveFile(path, members);
    }

    private static bool ReadFully(Stream stream, Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int read = stream.Read(buffer[done..]);
            if (read == 0)
            {
                if (done == 0) return false;
                throw new EndOfStreamException("archive ends inside a tar header");
            }
            done += read;
        }
        return true;
    }

    public byte[] ReadIndex()
    {
        using var stream = OpenMember("index.json");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public Stream OpenBlob(OciDigest digest) => OpenMember("blobs/sha256/" + digest.Hex);

    private Stream OpenMember(string name)
    {
        if (!_members.TryGetValue(name, out var member))
            throw new ComposefsFormatException(_path, null, $"archive has no {name}");
        var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        file.Seek(member.Offset, SeekOrigin.Begin);
        return new BoundedStream(file, member.Size);
    }

    public void Dispose() { }

    /// <summary>The next <c>length</c> bytes of a stream, then end of stream.</summary>
    private sealed class BoundedStream(Stream inner, long length) : Stream
    {
        private long _left = length;

        public override int Read(Span<byte> buffer)
        {
            if (_left == 0) return 0;
            int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length { get; } = length;
        public override long Position { get => Length - _left; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
