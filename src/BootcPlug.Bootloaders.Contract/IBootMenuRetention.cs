namespace BootcPlug.Bootloaders;

/// <summary>
/// An optional role of a boot menu that can stage a new default followed by any number of kept entries (pinned or
/// retained deployments), not only the one fallback of <see cref="IBootMenu.WriteStaged"/>. The host uses it when
/// the menu class implements it; without it, a deploy that must keep more than one entry is refused and nothing
/// changes. The same safety rules as <see cref="IBootMenu"/> apply.
/// </summary>
public interface IBootMenuRetention
{
    /// <summary>
    /// Replaces the staged set with <paramref name="primary"/> followed by copies of the live entries
    /// <paramref name="kept"/>, in that order (the previous default, then pinned or retained deployments). A staged
    /// set left by an earlier, unfinished staging is discarded. The live set is untouched.
    /// </summary>
    /// <param name="context">Where the files are.</param>
    /// <param name="primary">The new deployment's entry.</param>
    /// <param name="kept">Live entries from <see cref="IBootMenu.ListEntries"/> to keep behind it, in menu order.
    /// </param>
    void WriteStagedKeeping(BootContext context, EntryTemplate primary, IReadOnlyList<BootEntry> kept);
}
