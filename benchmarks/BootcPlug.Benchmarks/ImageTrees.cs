using BootcPlug.Demo;

namespace BootcPlug.Benchmarks;

/// <summary>A bootable root filesystem tree of a given size, to import and deploy as a container image.</summary>
public static class ImageTrees
{
    /// <summary>
    /// DIR: the demo release 20 (kernel, initramfs, os-release) plus FILES files of about MEGABYTES MiB in all under
    /// usr/share/bench: a quarter of the bytes in files of 4-16 MiB, the rest in files around the mean size left.
    /// Contents use sixteen byte values, so they compress about 2:1 as programs and data in an OS image do.
    /// </summary>
    public static int Make(string directory, int megabytes, int files)
    {
        new DemoRelease(20, "6.20.0-bench").Write(directory, uki: false);
        var random = new Random(20);
        byte[] buffer = new byte[16 << 20];
        random.NextBytes(buffer);
        for (int i = 0; i < buffer.Length; i++) buffer[i] &= 0x0F;
        long target = (long)megabytes << 20, total = 0;
        int written = 0;
        for (; written < files && total < target / 4; written++)
            total += Write(directory, written, buffer, random.Next(4 << 20, 16 << 20));
        int smallFiles = files - written;
        int meanSmall = (int)Math.Max(1024, (target - total) / Math.Max(1, smallFiles));
        for (; written < files; written++)
            total += Write(directory, written, buffer, random.Next(512, 2 * meanSmall - 512));
        Console.WriteLine($"{directory}: {written} files, {total >> 20} MiB, and the demo release");
        return 0;
    }

    private static int Write(string directory, int index, byte[] buffer, int size)
    {
        string path = Path.Combine(directory, "usr/share/bench", $"d{index % 64:D2}", $"file{index:D6}");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        buffer[index % buffer.Length] ^= 0x05;   // every file unique
        File.WriteAllBytes(path, buffer.AsSpan(index % 4096, size));
        return size;
    }
}
