using BootcPlug.Bootloaders;

namespace Acme.Boot;

/// <summary>
/// The boot menu role: the live and staged sets of entries, kept as plain files (<see cref="MenuFiles"/>). bootcplug
/// creates one instance and calls it from one thread at a time, holding its lock for every change.
/// </summary>
public sealed class FolderMenu : IBootMenu
{
    public BootEntryListing ListEntries(BootContext context)
    {
        var problems = new List<BootProblem>();
        var live = MenuFiles.Read(context, BootEntrySet.Live, problems);
        var staged = MenuFiles.Read(context, BootEntrySet.Staged, problems);
        return new BootEntryListing(live, staged, problems);
    }

    public void WriteStaged(BootContext context, EntryTemplate primary, BootEntry? secondary)
    {
        var lines = new List<string>
        {
            MenuFiles.Line(primary.Deployment, primary.BootType, primary.BootArtifactName, primary.Title),
        };
        if (secondary is not null)
            lines.Add(MenuFiles.Line(secondary));
        MenuFiles.Write(context, BootEntrySet.Staged, lines);
    }

    public bool FinalizeStaged(BootContext context)
    {
        var staged = MenuFiles.Path(context, BootEntrySet.Staged);
        if (!File.Exists(staged)) return false;
        MenuFiles.ReadStrict(context, BootEntrySet.Staged);
        // One rename: the staged menu replaces the live one in a single step.
        DurableFile.Move(staged, MenuFiles.Path(context, BootEntrySet.Live));
        return true;
    }

    public bool ClearStaged(BootContext context)
    {
        var staged = MenuFiles.Path(context, BootEntrySet.Staged);
        if (!File.Exists(staged)) return false;
        DurableFile.Delete(staged);
        return true;
    }

    public void Reorder(BootContext context, IReadOnlyList<BootEntry> order)
    {
        var live = MenuFiles.ReadStrict(context, BootEntrySet.Live);
        var ids = order.Select(e => e.Id).ToList();
        if (ids.Count != live.Count || ids.Distinct().Count() != ids.Count || !ids.All(id => live.Any(e => e.Id == id)))
            throw new ArgumentException(
                $"The new order must name each of the {live.Count} entries of "
                    + $"{MenuFiles.Path(context, BootEntrySet.Live)} once.");
        MenuFiles.Write(context, BootEntrySet.Live, ids.Select(id => MenuFiles.Line(live.Single(e => e.Id == id))));
    }

    public int RemoveEntries(BootContext context, DeploymentId deployment, BootEntrySet set)
    {
        if (!File.Exists(MenuFiles.Path(context, set))) return 0;
        var entries = MenuFiles.ReadStrict(context, set);
        var keep = entries.Where(e => e.Deployment != deployment).ToList();
        int removed = entries.Count - keep.Count;
        if (removed == 0) return 0;
        // The staged update itself gone, or nothing left: the whole staged menu goes.
        bool stagedUpdateGone = set == BootEntrySet.Staged && (entries[0].Deployment == deployment || keep.Count == 0);
        if (stagedUpdateGone) ClearStaged(context);
        else MenuFiles.Write(context, set, keep.Select(MenuFiles.Line));
        return removed;
    }
}
