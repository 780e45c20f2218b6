using System.Security.Cryptography;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Tests.Erofs;

/// <summary>
/// The reference walk of a mapped image lets go of the pages it has read: what stays resident of the mapping is a
/// small part of the image, and the references are those of the same image read from memory.
/// </summary>
public sealed class WalkResidentPagesTests
{
    [Fact]
    public void A_walk_of_a_mapped_image_keeps_little_of_it_resident_and_finds_every_reference()
    {
        var root = new FsDirectory(FileStat.Create(0x1ED));
        for (int d = 0; d < 40; d++)
        {
            var directory = new FsDirectory(FileStat.Create(0x1ED));
            for (int f = 0; f < 1000; f++)
            {
                var id = new ObjectId(FsVerityAlgorithm.Sha512, SHA512.HashData(BitConverter.GetBytes(d * 1000 + f)));
                var file = new ExternalFile(id, 4096 + (ulong)f);
                directory.Add($"file-{f:D4}", new FsLeaf(FileStat.Create(0x1A4), file));
            }
            root.Add($"dir-{d:D2}", directory);
        }
        byte[] bytes = ErofsImageWriter.Write(root);
        string path = Path.Combine(Path.GetTempPath(), $"bcp-walk-{Guid.NewGuid():N}.img");
        File.WriteAllBytes(path, bytes);
        try
        {
            var expected = ImageObjectReferences.CollectSet(ErofsImage.Open(bytes, "memory"), FsVerityAlgorithm.Sha512);
            using var mapped = ErofsImage.OpenFile(path);
            var walked = ImageObjectReferences.CollectSet(mapped, FsVerityAlgorithm.Sha512);

            Assert.Equal(40_000, expected.Count);
            Assert.Equal(expected, walked);
            long resident = ResidentKiBOfMapping(path);
            Assert.True(bytes.Length > 12_000_000, $"the image is only {bytes.Length} bytes");
            Assert.True(resident * 1024 < bytes.Length / 3,
                $"{resident} KiB of the {bytes.Length / 1024} KiB image still resident after the walk");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The Rss of this process's mappings of <paramref name="path"/>, from /proc/self/smaps.</summary>
    private static long ResidentKiBOfMapping(string path)
    {
        long total = 0;
        bool inMapping = false;
        bool found = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            if (line.Length > 0 && char.IsAsciiHexDigit(line[0]) && line.Contains('-') && line.Contains(' '))
            {
                inMapping = line.EndsWith(" " + path, StringComparison.Ordinal);
                found |= inMapping;
            }
            else if (inMapping && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            }
        }
        Assert.True(found, $"{path} is not mapped");
        return total;
    }
}
