namespace BootcPlug.Composefs.FsVerity;

/// <summary>
/// The identity of a repository object or image: its fs-verity digest (32 bytes for sha256, 64 for sha512).
/// Stored at <c>objects/XX/rest</c>, where XX is the first byte in lowercase hex.
/// </summary>
public readonly struct ObjectId : IEquatable<ObjectId>
{
    private readonly byte[]? _bytes;

    public ObjectId(FsVerityAlgorithm algorithm, ReadOnlySpan<byte> digest)
    {
        if (!FsVerityAlgorithms.IsDefined(algorithm))
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown fs-verity algorithm");
        if (digest.Length != algorithm.DigestSize())
            throw new ArgumentException(
                $"a {algorithm.ShortName()} digest has {algorithm.DigestSize()} bytes, not {digest.Length}",
                nameof(digest));
        Algorithm = algorithm;
        _bytes = digest.ToArray();
    }

    public FsVerityAlgorithm Algorithm { get; }

    public ReadOnlySpan<byte> Bytes => _bytes ?? throw new InvalidOperationException("default ObjectId has no value");

    public bool IsDefault => _bytes is null;

    /// <summary>Lowercase hex of the whole digest: 64 or 128 characters.</summary>
    public string ToHex() => Convert.ToHexStringLower(Bytes);

    /// <summary>"XX/rest", the object's path relative to <c>objects/</c>.</summary>
    public string ToObjectPathName()
    {
        string hex = ToHex();
        return string.Concat(hex.AsSpan(0, 2), "/", hex.AsSpan(2));
    }

    /// <summary>"sha512:hex", as fsverity-utils and cfsctl print ids.</summary>
    public override string ToString() => $"{Algorithm.ShortName()}:{ToHex()}";

    public static bool TryParseHex(FsVerityAlgorithm algorithm, ReadOnlySpan<char> hex, out ObjectId id)
    {
        id = default;
        int size = algorithm.DigestSize();
        if (hex.Length != size * 2) return false;
        Span<byte> buffer = stackalloc byte[64];
        for (int i = 0; i < size; i++)
        {
            int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
            if (hi < 0 || lo < 0) return false;
            buffer[i] = (byte)(hi << 4 | lo);
        }
        id = new ObjectId(algorithm, buffer[..size]);
        return true;
    }

    public static ObjectId ParseHex(FsVerityAlgorithm algorithm, string hex) =>
        TryParseHex(algorithm, hex, out var id)
            ? id
            : throw new FormatException(
                $"'{hex}' is not a {algorithm.ShortName()} object id ({algorithm.DigestSize() * 2} hex characters)");

    /// <summary>An object file's directory number (0..255) and basename, as found under <c>objects/</c>.</summary>
    public static bool TryParseDirectoryAndName(FsVerityAlgorithm algorithm, ReadOnlySpan<char> directory,
        ReadOnlySpan<char> name, out ObjectId id)
    {
        id = default;
        if (directory.Length != 2 || name.Length != (algorithm.DigestSize() - 1) * 2) return false;
        Span<char> hex = stackalloc char[128];
        directory.CopyTo(hex);
        name.CopyTo(hex[2..]);
        return TryParseHex(algorithm, hex[..(algorithm.DigestSize() * 2)], out id);
    }

    /// <summary>
    /// Parses the last "XX/rest" of a path such as a symlink target "../objects/XX/rest" or a redirect "/XX/rest";
    /// anything before it is ignored, as upstream does.
    /// </summary>
    public static bool TryParsePathName(FsVerityAlgorithm algorithm, ReadOnlySpan<char> path, out ObjectId id)
    {
        id = default;
        int size = algorithm.DigestSize();
        int tailLength = size * 2 + 1;
        if (path.Length < tailLength) return false;
        var tail = path[^tailLength..];
        if (tail[2] != '/') return false;
        return TryParseDirectoryAndName(algorithm, tail[..2], tail[3..], out id);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public bool Equals(ObjectId other) =>
        Algorithm == other.Algorithm && Bytes.SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => obj is ObjectId other && Equals(other);

    /// <summary>
    /// All of the digest, through <see cref="HashCode"/>'s per-process random seed: ids come from untrusted images,
    /// and a hash of a fixed prefix would let an image full of ids sharing it turn every set into a list.
    /// </summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Bytes);
        hash.Add(Algorithm);
        return hash.ToHashCode();
    }

    public static bool operator ==(ObjectId left, ObjectId right) => left.Equals(right);
    public static bool operator !=(ObjectId left, ObjectId right) => !left.Equals(right);
}
