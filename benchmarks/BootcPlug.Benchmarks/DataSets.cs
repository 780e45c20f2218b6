using System.Text;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Benchmarks;

/// <summary>Deterministic data sets for the whole-command comparisons.</summary>
public static class DataSets
{
    /// <summary>Content of the i-th benchmark file: over 64 bytes, so it is an object, and unique.</summary>
    public static byte[] FileContent(int i) =>
        Encoding.ASCII.GetBytes($"benchmark file {i:D8} " + new string((char)('a' + i % 26), 80 + i % 200) + "\n");

    /// <summary>
    /// DIR/repo: a sha512 composefs repository with N objects; two images (refs live-a, live-b) reference the
    /// first half, the second half is garbage. DIR/live and DIR/garbage: the same contents as plain files (for
    /// ostree). DIR/floor/objects: copies of exactly the garbage objects, for `find -delete`. With
    /// <paramref name="repositoryOnly"/>, only DIR/repo (the memory measurement needs nothing else).
    /// </summary>
    public static int MakeGcRepository(string directory, int count, bool repositoryOnly = false)
    {
        Directory.CreateDirectory(directory);
        using var repository = ComposefsRepository.Init(Path.Combine(directory, "repo"), FsVerityAlgorithm.Sha512)
            .Repository;
        var imageA = new FsDirectory(FileStat.Create(0x1ED));
        var imageB = new FsDirectory(FileStat.Create(0x1ED));
        int half = count / 2;
        for (int i = 0; i < count; i++)
        {
            byte[] content = FileContent(i);
            var id = repository.StoreObject(content);
            bool live = i < half;
            if (!repositoryOnly)
            {
                string plain = Path.Combine(directory, live ? "live" : "garbage", $"d{i % 100:D2}", $"f{i}");
                Directory.CreateDirectory(Path.GetDirectoryName(plain)!);
                File.WriteAllBytes(plain, content);
            }
            if (live)
            {
                var target = i < half / 2 ? imageA : imageB;
                target.Add($"f{i}", new FsLeaf(FileStat.Create(0x1A4), new ExternalFile(id, (ulong)content.Length)));
            }
            else if (!repositoryOnly)
            {
                string floor = Path.Combine(directory, "floor", "objects", id.ToObjectPathName());
                Directory.CreateDirectory(Path.GetDirectoryName(floor)!);
                File.WriteAllBytes(floor, content);
            }
        }
        repository.CommitImage(ErofsImageWriter.Write(imageA), "live-a");
        repository.CommitImage(ErofsImageWriter.Write(imageB), "live-b");
        Console.WriteLine($"{count} objects, {half} live through two images, {count - half} garbage");
        return 0;
    }

    /// <summary>An image of N external files spread over 100 directories, written to FILE.</summary>
    public static int MakeImage(string file, int count)
    {
        var root = new FsDirectory(FileStat.Create(0x1ED));
        var directories = new FsDirectory[100];
        for (int d = 0; d < directories.Length; d++)
        {
            directories[d] = new FsDirectory(FileStat.Create(0x1ED));
            root.Add($"d{d:D2}", directories[d]);
        }
        for (int i = 0; i < count; i++)
        {
            var id = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, FileContent(i));
            directories[i % 100].Add($"f{i}", new FsLeaf(FileStat.Create(0x1A4), new ExternalFile(id, 1000)));
        }
        File.WriteAllBytes(file, ErofsImageWriter.Write(root));
        Console.WriteLine($"{file}: {count} files, {new FileInfo(file).Length} bytes");
        return 0;
    }

    /// <summary>About MEGABYTES of files: many of 1-64 KiB, and a few of 4-16 MiB (a quarter of the bytes).</summary>
    public static int MakeFiles(string directory, int megabytes)
    {
        var random = new Random(42);
        long target = (long)megabytes << 20, total = 0;
        byte[] buffer = new byte[16 << 20];
        random.NextBytes(buffer);
        int index = 0;
        while (total < target)
        {
            bool large = total < target / 4;
            int size = large ? random.Next(4 << 20, 16 << 20) : random.Next(1024, 64 * 1024);
            string path = Path.Combine(directory, $"d{index % 64:D2}", $"file{index:D6}");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            buffer[index % buffer.Length] ^= 0x5A;
            File.WriteAllBytes(path, buffer.AsSpan(0, size));
            total += size;
            index++;
        }
        Console.WriteLine($"{index} files, {total >> 20} MiB");
        return 0;
    }
}
