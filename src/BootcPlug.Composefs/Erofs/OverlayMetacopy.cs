using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Erofs;

/// <summary>The value of <c>trusted.overlay.metacopy</c>: version 0, length, flags 0, algorithm, digest.</summary>
public static class OverlayMetacopy
{
    public static byte[] Create(ObjectId id)
    {
        var digest = id.Bytes;
        var value = new byte[4 + digest.Length];
        value[0] = 0;
        value[1] = (byte)value.Length;
        value[2] = 0;
        value[3] = (byte)id.Algorithm;
        digest.CopyTo(value.AsSpan(4));
        return value;
    }

    /// <summary>
    /// Parses a metacopy value that carries a digest. With <paramref name="expected"/> set, only digests of that
    /// algorithm count; without it either sha256 or sha512 is accepted.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> value, FsVerityAlgorithm? expected, out ObjectId id)
    {
        id = default;
        if (value.Length < 4 || value[0] != 0 || value[2] != 0 || value[1] != value.Length) return false;
        var algorithm = (FsVerityAlgorithm)value[3];
        if (!FsVerityAlgorithms.IsDefined(algorithm)) return false;
        if (expected is { } wanted && wanted != algorithm) return false;
        if (value.Length != 4 + algorithm.DigestSize()) return false;
        id = new ObjectId(algorithm, value[4..]);
        return true;
    }

    /// <summary>The redirect value composefs-rs writes for an object: "/XX/rest".</summary>
    public static byte[] RedirectFor(ObjectId id) => System.Text.Encoding.ASCII.GetBytes("/" + id.ToObjectPathName());
}
