namespace BootcPlug.Composefs.FsVerity;

/// <summary>The hash of an fs-verity Merkle tree; the values are the kernel's algorithm ids.</summary>
public enum FsVerityAlgorithm : byte
{
    Sha256 = 1,
    Sha512 = 2,
}

public static class FsVerityAlgorithms
{
    /// <summary>log2 of the Merkle tree block size; composefs only uses 4096-byte blocks.</summary>
    public const int LogBlockSize = 12;
    public const int BlockSize = 1 << LogBlockSize;

    public static int DigestSize(this FsVerityAlgorithm algorithm) => algorithm switch
    {
        FsVerityAlgorithm.Sha256 => 32,
        FsVerityAlgorithm.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown fs-verity algorithm"),
    };

    /// <summary>"sha256" or "sha512", as fsverity-utils names them.</summary>
    public static string ShortName(this FsVerityAlgorithm algorithm) => algorithm switch
    {
        FsVerityAlgorithm.Sha256 => "sha256",
        FsVerityAlgorithm.Sha512 => "sha512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown fs-verity algorithm"),
    };

    /// <summary>"fsverity-sha512-12", the form meta.json stores.</summary>
    public static string RepositoryName(this FsVerityAlgorithm algorithm) =>
        $"fsverity-{algorithm.ShortName()}-{LogBlockSize}";

    /// <summary>Accepts "sha256", "sha512", "fsverity-sha256-12" and "fsverity-sha512-12".</summary>
    public static bool TryParse(string? text, out FsVerityAlgorithm algorithm)
    {
        switch (text)
        {
            case "sha256":
            case "fsverity-sha256-12":
                algorithm = FsVerityAlgorithm.Sha256;
                return true;
            case "sha512":
            case "fsverity-sha512-12":
                algorithm = FsVerityAlgorithm.Sha512;
                return true;
            default:
                algorithm = default;
                return false;
        }
    }

    public static bool IsDefined(FsVerityAlgorithm algorithm) =>
        algorithm is FsVerityAlgorithm.Sha256 or FsVerityAlgorithm.Sha512;
}
