using BootcPlug.Composefs.FsVerity;
using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.Oracles;

/// <summary>Our digests against fsverity-utils' `fsverity digest` on the same files.</summary>
public sealed class FsVerityUtilsOracleTests
{
    [SkippableTheory]
    [InlineData(FsVerityAlgorithm.Sha256)]
    [InlineData(FsVerityAlgorithm.Sha512)]
    public void Digests_equal_fsverity_digest(FsVerityAlgorithm algorithm)
    {
        Oracle.RequireTools("fsverity");
        using var dir = new TempDir();
        var random = new Random(1234);
        var sizes = new (string Name, int Size)[]
        {
            ("empty", 0), ("one", 1), ("block", 4096), ("block-plus-one", 4097),
            ("sha512-two-levels", 65 * 4096), ("sha256-two-levels", 129 * 4096 + 17),
            ("random", 300_000 + random.Next(4096)),
        };
        var paths = new List<string>();
        foreach (var (name, size) in sizes)
        {
            var data = new byte[size];
            random.NextBytes(data);
            paths.Add(dir.WriteFile(name, data));
        }
        var result = Oracle.MustSucceed(
            Oracle.Run("fsverity", ["digest", $"--hash-alg={algorithm.ShortName()}", .. paths]), "fsverity digest");
        var expected = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var ours = FsVerityDigester.ComputeFiles(algorithm, paths).Select(r => $"{r.Digest} {r.Path}").ToArray();
        Assert.Equal(expected, ours);
    }
}
