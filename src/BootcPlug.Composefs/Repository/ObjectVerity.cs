using BootcPlug.Composefs.FsVerity;
using BootcPlug.Platform;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// Kernel fs-verity for the files a repository writes: enabled on every new object (the repository's algorithm,
/// 4 KiB blocks) before it is linked into place, and checked against the digest we computed. A filesystem that
/// cannot (ENOTTY, EOPNOTSUPP) is remembered for the rest of the run, and nothing more is tried.
/// </summary>
internal sealed class ObjectVerity(FsVerityAlgorithm algorithm, string metadataPath)
{
    private int _state; // 0 unknown, 1 supported, -1 not supported
    private bool? _metadataHasVerity;

    public bool Available => _state == 1 || (_state == 0 && MetadataHasVerity());

    private bool MetadataHasVerity() => _metadataHasVerity ??= Measure(metadataPath, algorithm) is not null;

    public void Enable(string path, ObjectId expected)
    {
        if (Volatile.Read(ref _state) == -1) return;
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        var outcome = KernelFsVerity.Enable(file, (byte)algorithm, path);
        if (outcome == VerityEnableOutcome.NotSupported)
        {
            Volatile.Write(ref _state, -1);
            return;
        }
        Volatile.Write(ref _state, 1);
        byte[]? kernel = KernelFsVerity.Measure(file, (byte)algorithm, algorithm.DigestSize(), path);
        if (kernel is null || !kernel.AsSpan().SequenceEqual(expected.Bytes))
            throw new IOException(
                $"{path}: the kernel's fs-verity digest differs from the computed {expected.ToHex()}");
    }

    /// <summary>meta.json with fs-verity marks the repository as secure, as composefs-rs does.</summary>
    public static void EnableOnMetadata(string metaPath, FsVerityAlgorithm algorithm)
    {
        using var file = File.OpenHandle(metaPath, FileMode.Open, FileAccess.Read);
        KernelFsVerity.Enable(file, (byte)algorithm, metaPath);
    }

    private static byte[]? Measure(string path, FsVerityAlgorithm algorithm)
    {
        if (!File.Exists(path)) return null;
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        return KernelFsVerity.Measure(file, (byte)algorithm, algorithm.DigestSize(), path);
    }
}
