using BootcPlug.Bootloaders.Formats.Pe;
using BootcPlug.Testing;

namespace BootcPlug.Bootloaders.Formats.Tests;

public class PeImageTests
{
    [Fact]
    public void Reads_uki_sections_by_exact_size()
    {
        using var dir = new TempDir();
        var path = dir["x.efi"];
        File.WriteAllBytes(path,
            TinyPe.Uki("ID=fedora\nPRETTY_NAME=\"Fedora Linux 42\"\nVERSION_ID=42\n", "composefs=abc rw\n"));
        var image = PeImage.Open(path);
        Assert.Equal([".osrel", ".cmdline", ".linux", ".initrd"], image.Sections.Select(s => s.Name));
        Assert.Equal("composefs=abc rw\n", image.ReadSectionText(".cmdline"));
        Assert.Equal("not really a kernel"u8.ToArray(), image.ReadSection(".linux"));
        Assert.Null(image.ReadSection(".dtb"));
        var release = OsRelease.Parse(image.ReadSectionText(".osrel")!);
        Assert.Equal(("Fedora Linux 42", "42", "fedora"), (release.Title, release.Version, release.Id));
    }

    [Theory]
    [InlineData(10, "truncated PE: DOS header")]
    [InlineData(0x50, "truncated PE: PE signature and COFF header")]
    [InlineData(0x100, "truncated PE: section table")]
    [InlineData(0x405, "truncated PE: section '.cmdline'")]
    public void Truncated_images_are_rejected_naming_the_file_and_the_part(int length, string problem)
    {
        using var dir = new TempDir();
        var path = dir["t.efi"];
        File.WriteAllBytes(path, TinyPe.Uki("ID=x\n", "composefs=abc\n")[..length]);
        var e = Assert.Throws<BootFormatException>(() => PeImage.Open(path));
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(problem, e.Problem);
    }

    [Fact]
    public void Lying_headers_are_caught_before_any_read()
    {
        using var dir = new TempDir();
        var bytes = TinyPe.Uki("ID=x\n", "c\n");
        BitConverter.GetBytes(0x7fff_fff0u).CopyTo(bytes, 0x3c); // e_lfanew far past the end
        File.WriteAllBytes(dir["a.efi"], bytes);
        Assert.Contains("PE signature", Assert.Throws<BootFormatException>(() => PeImage.Open(dir["a.efi"])).Problem);

        File.WriteAllBytes(dir["b.efi"],
            "not a PE at all, just text....................................................."u8.ToArray());
        Assert.Contains("'MZ'", Assert.Throws<BootFormatException>(() => PeImage.Open(dir["b.efi"])).Problem);
    }
}
