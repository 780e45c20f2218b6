using BootcPlug.Bootloaders.Formats.IO;
using BootcPlug.Plugins.Tests.Support;

namespace BootcPlug.Plugins.Tests;

public class DurableIOTests
{
    [Fact]
    public void Exchange_swaps_two_directories_atomically()
    {
        using var dir = new TempDir();
        dir.Write("a/x", "from a");
        dir.Write("b/y", "from b");
        Assert.True(DurableIO.TryExchange(dir["a"], dir["b"]));
        Assert.True(File.Exists(dir["a/y"]));
        Assert.True(File.Exists(dir["b/x"]));
    }

    [Fact]
    public void Exchange_of_a_missing_path_is_an_error_naming_both_paths()
    {
        using var dir = new TempDir();
        dir.Write("a/x", "");
        var e = Assert.Throws<IOException>(() => DurableIO.TryExchange(dir["a"], dir["missing"]));
        Assert.Contains(dir["missing"], e.Message);
        Assert.True(File.Exists(dir["a/x"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Replace_directory_leaves_only_the_new_set(bool refuseExchange)
    {
        using var dir = new TempDir();
        dir.Write("loader/entries/old.conf", "old");
        dir.Write("loader/incoming/new.conf", "new");
        DurableIO.ForceExchangeFallback = refuseExchange;
        try
        {
            DurableIO.ReplaceDirectory(dir["loader/entries"], dir["loader/incoming"]);
        }
        finally
        {
            DurableIO.ForceExchangeFallback = false;
        }
        Assert.Equal(["entries"], Directory.GetFileSystemEntries(dir["loader"]).Select(Path.GetFileName));
        Assert.Equal(["new.conf"], Directory.GetFiles(dir["loader/entries"]).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Replace_file_swaps_contents_and_removes_the_incoming_name(bool refuseExchange)
    {
        using var dir = new TempDir();
        var live = dir.Write("grub2/user.cfg", "old");
        var incoming = dir.Write("grub2/.bootcplug-tmp-x", "new");
        DurableIO.ForceExchangeFallback = refuseExchange;
        try
        {
            DurableIO.ReplaceFile(live, incoming);
        }
        finally
        {
            DurableIO.ForceExchangeFallback = false;
        }
        Assert.Equal("new", File.ReadAllText(live));
        Assert.False(File.Exists(incoming));
    }

    [Fact]
    public void Write_file_replaces_content_and_leaves_no_temporary_file()
    {
        using var dir = new TempDir();
        var path = dir.Write("f", "old");
        DurableIO.WriteText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["f"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Interrupted_write_keeps_the_old_file_whole()
    {
        using var dir = new TempDir();
        var path = dir.Write("user.cfg", "old content");
        DurableIO.StepHook = s => { if (s.StartsWith("rename:", StringComparison.Ordinal)) throw new InvalidOperationException("crash"); };
        try
        {
            Assert.Throws<InvalidOperationException>(() => DurableIO.WriteText(path, "new content"));
        }
        finally
        {
            DurableIO.StepHook = null;
        }
        Assert.Equal("old content", File.ReadAllText(path));
        DurableIO.RemoveLeftovers(dir.Path);
        Assert.Equal(["user.cfg"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Sync_directory_of_a_missing_folder_names_it()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<IOException>(() => DurableIO.SyncDirectory(dir["nope"]));
        Assert.StartsWith(dir["nope"] + ": open failed", e.Message);
    }
}
