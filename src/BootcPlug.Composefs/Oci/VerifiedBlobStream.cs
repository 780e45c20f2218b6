using System.Security.Cryptography;

namespace BootcPlug.Composefs.Oci;

/// <summary>
/// Reads a blob while checking it against its descriptor: never more than the descriptor's size, and at the end
/// (<see cref="Complete"/>, or the first read that returns nothing) exactly that size with that sha256.
/// </summary>
internal sealed class VerifiedBlobStream(Stream inner, OciDescriptor descriptor, string where) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;
    private bool _verified;

    public override int Read(Span<byte> buffer)
    {
        if (_verified) return 0;
        long left = descriptor.Size - _read;
        if (left == 0)
        {
            Span<byte> probe = stackalloc byte[1];
            if (inner.Read(probe) > 0)
                throw Error($"is larger than the {descriptor.Size} bytes its descriptor says");
            Verify();
            return 0;
        }
        int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
        if (read == 0)
            throw Error($"is truncated: {_read} of {descriptor.Size} bytes");
        _hash.AppendData(buffer[..read]);
        _read += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Reads whatever is left and verifies the blob.</summary>
    public void Complete()
    {
        var buffer = new byte[64 * 1024];
        while (Read(buffer) > 0) { }
    }

    private void Verify()
    {
        var actual = OciDigest.FromSha256(_hash.GetHashAndReset());
        if (actual != descriptor.Digest) throw Error($"has sha256 {actual.Hex}, not the descriptor's");
        _verified = true;
    }

    private ComposefsFormatException Error(string problem) => new(where, null, $"blob {descriptor.Digest} {problem}");

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
