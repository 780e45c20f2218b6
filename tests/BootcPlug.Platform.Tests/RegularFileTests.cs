using BootcPlug.Testing;

namespace BootcPlug.Platform.Tests;

public class RegularFileTests
{
    [Fact]
    public void A_regular_file_is_read_and_its_status_matches()
    {
        using var dir = new TempDir();
        var path = dir.Write("f", "content");
        Assert.Equal("content"u8.ToArray(), RegularFile.ReadAllBytes(path, followSymlinks: false));
        var status = FileStatus.Lstat(path);
        Assert.Equal(0x8000u, status.Type);
        Assert.Equal(7ul, status.Size);
        Assert.Equal(1u, status.Nlink);
    }

    [Fact]
    public void A_fifo_is_refused_without_blocking()
    {
        using var dir = new TempDir();
        var fifo = dir["fifo"];
        Assert.Equal(0, LibC.Mknod(fifo, 0x1000 | 0x1a4 /* S_IFIFO | 0644 */, 0));
        var e = Assert.Throws<IOException>(() => RegularFile.Open(fifo, followSymlinks: true));
        Assert.Equal($"{fifo}: not a regular file", e.Message);
    }

    [Fact]
    public void A_symbolic_link_is_followed_only_when_asked()
    {
        using var dir = new TempDir();
        var target = dir.Write("target", "t");
        var link = dir["link"];
        File.CreateSymbolicLink(link, target);
        Assert.Equal("t"u8.ToArray(), RegularFile.ReadAllBytes(link, followSymlinks: true));
        var e = Assert.Throws<IOException>(() => RegularFile.ReadAllBytes(link, followSymlinks: false));
        Assert.StartsWith(link + ": open failed", e.Message);
        Assert.Equal(0xA000u, FileStatus.Lstat(link).Type);
    }
}
