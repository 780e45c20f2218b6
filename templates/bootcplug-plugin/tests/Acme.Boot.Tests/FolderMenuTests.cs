using BootcPlug.Bootloaders;

namespace Acme.Boot.Tests;

public sealed class FolderMenuTests : IDisposable
{
    private readonly TempHost _host = new();
    private readonly FolderMenu _menu = new();

    public void Dispose() => _host.Dispose();

    /// <summary>Stages deployment a, finalizes it, then stages b with a's live entry as its fallback.</summary>
    private BootEntry StageAFinalizeThenStageB()
    {
        _menu.WriteStaged(_host.Context, TempHost.Uki('a'), null);
        Assert.True(_menu.FinalizeStaged(_host.Context));
        var live = Assert.Single(_menu.ListEntries(_host.Context).Live);
        _menu.WriteStaged(_host.Context, TempHost.Uki('b', "Fedora Linux 43"), live);
        return live;
    }

    [Fact]
    public void An_empty_host_has_no_entries_and_nothing_to_finalize_or_clear()
    {
        var listing = _menu.ListEntries(_host.Context);
        Assert.Equal((0, 0, 0), (listing.Live.Count, listing.Staged.Count, listing.Problems.Count));
        Assert.False(_menu.FinalizeStaged(_host.Context));
        Assert.False(_menu.ClearStaged(_host.Context));
    }

    [Fact]
    public void Staged_entries_are_listed_in_order_and_finalize_makes_them_live()
    {
        var a = StageAFinalizeThenStageB();
        Assert.Equal((TempHost.Deployment('a'), BootArtifactType.Uki, "Fedora Linux 42", BootEntrySet.Live),
            (a.Deployment, a.BootType, a.Title, a.Set));

        var staged = _menu.ListEntries(_host.Context).Staged;
        Assert.Equal([TempHost.Deployment('b'), TempHost.Deployment('a')], staged.Select(e => e.Deployment));
        Assert.Equal([0, 1], staged.Select(e => e.MenuPosition));

        Assert.True(_menu.FinalizeStaged(_host.Context));
        var listing = _menu.ListEntries(_host.Context);
        Assert.Empty(listing.Staged);
        Assert.Equal(["Fedora Linux 43", "Fedora Linux 42"], listing.Live.Select(e => e.Title));
        Assert.False(File.Exists(_host.Menu(BootEntrySet.Staged)));
    }

    [Fact]
    public void Reorder_rewrites_the_live_menu_and_refuses_an_order_that_misses_an_entry()
    {
        StageAFinalizeThenStageB();
        _menu.FinalizeStaged(_host.Context);
        var live = _menu.ListEntries(_host.Context).Live;

        _menu.Reorder(_host.Context, [live[1], live[0]]);
        var reordered = _menu.ListEntries(_host.Context).Live;
        Assert.Equal([TempHost.Deployment('a'), TempHost.Deployment('b')], reordered.Select(e => e.Deployment));

        Assert.Throws<ArgumentException>(() => _menu.Reorder(_host.Context, [live[0]]));
    }

    [Fact]
    public void Removing_the_staged_update_clears_the_staged_menu_and_removing_a_live_entry_keeps_the_rest()
    {
        StageAFinalizeThenStageB();
        Assert.Equal(1, _menu.RemoveEntries(_host.Context, TempHost.Deployment('b'), BootEntrySet.Staged));
        Assert.False(File.Exists(_host.Menu(BootEntrySet.Staged)));

        StageAFinalizeThenStageB();
        _menu.FinalizeStaged(_host.Context);
        Assert.Equal(1, _menu.RemoveEntries(_host.Context, TempHost.Deployment('a'), BootEntrySet.Live));
        Assert.Equal([TempHost.Deployment('b')], _menu.ListEntries(_host.Context).Live.Select(e => e.Deployment));
        Assert.Equal(0, _menu.RemoveEntries(_host.Context, TempHost.Deployment('c'), BootEntrySet.Live));
    }

    [Fact]
    public void A_bad_line_is_reported_with_its_file_and_line_and_stops_every_change_to_its_set()
    {
        StageAFinalizeThenStageB();
        var live = _host.Menu(BootEntrySet.Live);
        File.AppendAllText(live, "not-a-deployment uki x Broken\n");

        var listing = _menu.ListEntries(_host.Context);
        var problem = Assert.Single(listing.Problems);
        Assert.Equal((live, 2), (problem.FilePath, problem.Line));
        Assert.Single(listing.Live);

        var before = File.ReadAllText(live);
        Assert.Throws<BootFormatException>(
            () => _menu.RemoveEntries(_host.Context, TempHost.Deployment('a'), BootEntrySet.Live));
        Assert.Equal(before, File.ReadAllText(live));
    }

    [Fact]
    public void A_write_leaves_no_temporary_file_and_removes_those_a_crash_left()
    {
        var folder = Path.GetDirectoryName(_host.Menu(BootEntrySet.Live))!;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ".bootcplug-tmp-crashed"), "half a menu");

        _menu.WriteStaged(_host.Context, TempHost.Uki('a'), null);
        Assert.Equal(["menu.staged"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }
}
