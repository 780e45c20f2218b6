using BootcPlug.Testing;

namespace BootcPlug.Platform.Tests;

public class DurableFilesTests
{
    private static readonly DurableFiles Files = new(FaultPoints.None);

    private static DurableFiles RefusingExchange(IFaultPoints? faults = null) =>
        new(faults ?? FaultPoints.None, refuseExchange: true);

    private static ScriptedFaults CrashAt(string stepPrefix) => new()
    {
        OnStep = s =>
        {
            if (s.StartsWith(stepPrefix, StringComparison.Ordinal)) throw new InvalidOperationException("crash");
        },
    };

    [Fact]
    public void Exchange_swaps_two_directories_atomically()
    {
        using var dir = new TempDir();
        dir.Write("a/x", "from a");
        dir.Write("b/y", "from b");
        Assert.True(Files.TryExchange(dir["a"], dir["b"]));
        Assert.True(File.Exists(dir["a/y"]));
        Assert.True(File.Exists(dir["b/x"]));
    }

    [Fact]
    public void Exchange_of_a_missing_path_is_an_error_naming_both_paths()
    {
        using var dir = new TempDir();
        dir.Write("a/x", "");
        var e = Assert.Throws<IOException>(() => Files.TryExchange(dir["a"], dir["missing"]));
        Assert.Contains(dir["missing"], e.Message);
        Assert.True(File.Exists(dir["a/x"]));
    }

    [Fact]
    public void Exchange_refused_by_the_filesystem_changes_nothing_and_says_so()
    {
        using var dir = new TempDir();
        dir.Write("a/x", "from a");
        dir.Write("b/y", "from b");
        Assert.False(RefusingExchange().TryExchange(dir["a"], dir["b"]));
        Assert.True(File.Exists(dir["a/x"]) && File.Exists(dir["b/y"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Replace_directory_leaves_only_the_new_set(bool refuseExchange)
    {
        using var dir = new TempDir();
        dir.Write("loader/entries/old.conf", "old");
        dir.Write("loader/incoming/new.conf", "new");
        new DurableFiles(FaultPoints.None, refuseExchange)
            .ReplaceDirectory(dir["loader/entries"], dir["loader/incoming"]);
        Assert.Equal(["entries"], Directory.GetFileSystemEntries(dir["loader"]).Select(Path.GetFileName));
        Assert.Equal(["new.conf"], Directory.GetFiles(dir["loader/entries"]).Select(Path.GetFileName));
    }

    [Fact]
    public void The_fallback_swap_renames_the_live_set_aside_then_the_new_one_in()
    {
        using var dir = new TempDir();
        dir.Write("loader/entries/old.conf", "old");
        dir.Write("loader/incoming/new.conf", "new");
        var steps = new List<string>();
        var files = RefusingExchange(ScriptedFaults.Recording(steps));
        string? old = files.SwapDirectory(dir["loader/entries"], dir["loader/incoming"]);
        Assert.Equal(dir["loader/" + DurableFiles.TempPrefix + "previous-entries"], old);
        Assert.Equal(
            ["exchange:", "rename-aside:", "rename:", "fsync-dir:"],
            steps.Select(s => s[..(s.IndexOf(':') + 1)]));
        Assert.Equal("old", File.ReadAllText(Path.Combine(old!, "old.conf")));
        Assert.Equal("new", File.ReadAllText(dir["loader/entries/new.conf"]));
        files.RecoverDirectory(dir["loader/entries"]);
        Assert.False(Directory.Exists(old));
    }

    [Fact]
    public void Fallback_swap_stopped_between_its_renames_is_read_as_the_old_set_and_restored_by_the_next_writer()
    {
        using var dir = new TempDir();
        var live = dir.Write("loader/entries/a.conf", "old");
        dir.Write("loader/new/a.conf", "new");
        var crashAtRename = CrashAt("rename:");
        Assert.Throws<InvalidOperationException>(() =>
            RefusingExchange(crashAtRename).ReplaceDirectory(dir["loader/entries"], dir["loader/new"]));
        Assert.False(Directory.Exists(dir["loader/entries"]));
        Assert.Equal("old", File.ReadAllText(Path.Combine(Files.ReadableDirectory(dir["loader/entries"]), "a.conf")));
        Files.RecoverDirectory(dir["loader/entries"]);
        Assert.Equal("old", File.ReadAllText(live));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Replace_file_swaps_contents_and_removes_the_incoming_name(bool refuseExchange)
    {
        using var dir = new TempDir();
        var live = dir.Write("grub2/user.cfg", "old");
        var incoming = dir.Write("grub2/.bootcplug-tmp-x", "new");
        new DurableFiles(FaultPoints.None, refuseExchange).ReplaceFile(live, incoming);
        Assert.Equal("new", File.ReadAllText(live));
        Assert.False(File.Exists(incoming));
    }

    [Fact]
    public void Write_file_replaces_content_and_leaves_no_temporary_file()
    {
        using var dir = new TempDir();
        var path = dir.Write("f", "old");
        Files.WriteText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["f"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_file_reports_each_step_before_it_runs()
    {
        using var dir = new TempDir();
        var path = dir["f"];
        var steps = new List<string>();
        new DurableFiles(ScriptedFaults.Recording(steps)).WriteText(path, "x");
        Assert.Equal(
            ["create-temp:" + path, "write-temp:" + path, "fsync-temp:" + path, "rename:" + path, "fsync-dir:" + path],
            steps);
    }

    [Fact]
    public void A_new_file_gets_the_mode_asked_for()
    {
        using var dir = new TempDir();
        var path = dir["meta.json"];
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        Files.WriteFile(path, "{}"u8, mode);
        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Interrupted_write_keeps_the_old_file_whole()
    {
        using var dir = new TempDir();
        var path = dir.Write("user.cfg", "old content");
        var crashAtRename = CrashAt("rename:");
        Assert.Throws<InvalidOperationException>(() => new DurableFiles(crashAtRename).WriteText(path, "new content"));
        Assert.Equal("old content", File.ReadAllText(path));
        Files.RemoveLeftovers(dir.Path);
        Assert.Equal(["user.cfg"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Replace_symlink_creates_then_retargets_a_link_without_leftovers()
    {
        using var dir = new TempDir();
        var link = dir["images/refs/a/b"];
        var steps = new List<string>();
        var files = new DurableFiles(ScriptedFaults.Recording(steps)).Beneath(dir.Path);
        files.ReplaceSymlink(link, "../../one");
        Assert.Equal("../../one", new FileInfo(link).LinkTarget);
        Assert.Equal(["link:" + link, "fsync-dir:" + link], steps);

        steps.Clear();
        files.ReplaceSymlink(link, "../../two");
        Assert.Equal("../../two", new FileInfo(link).LinkTarget);
        Assert.Equal(["link-temp:" + link, "rename:" + link, "fsync-dir:" + link], steps);
        Assert.Equal(["b"], Directory.GetFileSystemEntries(dir["images/refs/a"]).Select(Path.GetFileName));

        steps.Clear();
        files.ReplaceSymlink(link, "../../two");
        Assert.Empty(steps);
    }

    [Fact]
    public void Beneath_a_root_the_root_itself_may_be_reached_through_a_link()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["real/repo"]);
        Directory.CreateSymbolicLink(dir["named"], dir["real"]);
        var path = dir["named/repo/meta.json"];
        Files.Beneath(dir["named/repo"]).WriteText(path, "{}");
        Assert.Equal("{}", File.ReadAllText(dir["real/repo/meta.json"]));
        // Below the root, a link is still refused.
        Directory.CreateDirectory(dir["elsewhere"]);
        Directory.CreateSymbolicLink(dir["real/repo/images"], dir["elsewhere"]);
        Assert.Throws<UnsafePathException>(() =>
            Files.Beneath(dir["named/repo"]).ReplaceSymlink(dir["named/repo/images/x"], "../objects/x"));
        Assert.Empty(Directory.GetFileSystemEntries(dir["elsewhere"]));
    }

    [Fact]
    public void Sync_directory_of_a_missing_folder_names_it()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<IOException>(() => Files.SyncDirectory(dir["nope"]));
        Assert.StartsWith(dir["nope"] + ": open failed", e.Message);
    }

    [Fact]
    public void Remove_leftovers_keeps_the_aside_copy_a_recovery_still_needs()
    {
        using var dir = new TempDir();
        dir.Write(DurableFiles.TempPrefix + "previous-entries/a.conf", "old");
        dir.Write(DurableFiles.TempPrefix + "entries-12345678/a.conf", "half");
        dir.Write(DurableFiles.TempPrefix + "user.cfg-12345678", "half");
        dir.Write("kept", "kept");
        Files.RemoveLeftovers(dir.Path);
        Assert.Equal([DurableFiles.TempPrefix + "previous-entries", "kept"],
            Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
