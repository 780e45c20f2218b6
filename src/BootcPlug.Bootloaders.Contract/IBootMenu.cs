namespace BootcPlug.Bootloaders;

/// <summary>
/// The boot menu of one bootloader: its live set of entries (what boots next) and its staged set (what finalize
/// swaps in). A plugin that declares bootloader names in its <c>plugin.json</c> implements this role exactly once;
/// the host uses it when one of those names is chosen for the host (by <c>--bootloader</c> or by detection).
/// </summary>
/// <remarks>
/// <para>The host creates one instance per role class with a public parameterless constructor and calls it from one
/// thread at a time, holding the host lock for every change.</para>
/// <para><b>Safety.</b> Every change is atomic and durable: a crash at any point leaves the old or the new set of
/// entries, never a mix or a truncated file. Paths read from entry files that leave the boot dir or the ESP are
/// reported as <see cref="BootProblem"/>s and never opened. An entry whose deployment is not a valid
/// <see cref="DeploymentId"/> is reported as a <see cref="BootProblem"/> too. A malformed file is reported with its
/// path
/// and line, and nothing is changed. Errors are thrown as <see cref="BootFormatException"/> (bad files),
/// <see cref="IOException"/> (the disk) or <see cref="ArgumentException"/> (bad arguments).</para>
/// </remarks>
public interface IBootMenu
{
    /// <summary>
    /// Lists the live and the staged entries, each in boot-menu order, changing nothing: an interrupted change is
    /// reported as recovery (<see cref="IBootRecovery"/>) will leave it. Unreadable or unsafe entries, and entries
    /// whose
    /// deployment is not a <see cref="DeploymentId"/>, go to <see cref="BootEntryListing.Problems"/>.
    /// </summary>
    BootEntryListing ListEntries(BootContext context);

    /// <summary>
    /// Replaces the staged set with a new one: <paramref name="primary"/> (the new deployment, the default) and, when
    /// given, <paramref name="secondary"/>, a copy of an existing live entry (normally the booted deployment) that
    /// becomes the fallback. A staged set left by an earlier, unfinished staging is discarded. The live set is
    /// untouched.
    /// </summary>
    /// <param name="context">Where the files are.</param>
    /// <param name="primary">The new deployment's entry.</param>
    /// <param name="secondary">A live entry from <see cref="ListEntries"/> to keep as the second entry, or
    /// null.</param>
    void WriteStaged(BootContext context, EntryTemplate primary, BootEntry? secondary);

    /// <summary>
    /// Makes the staged set live in one atomic step (finalize). The previous live set is removed afterwards.
    /// Returns false, changing nothing, when there is no staged set.
    /// </summary>
    bool FinalizeStaged(BootContext context);

    /// <summary>Removes the staged set, if any (an abandoned update). Returns whether there was one.</summary>
    bool ClearStaged(BootContext context);

    /// <summary>
    /// Rewrites the live set so that its entries come in exactly the given order (rollback with any number of entries).
    /// <paramref name="order"/> must name every live entry once, by <see cref="BootEntry.Id"/>; the first becomes the
    /// default. The staged set is left as it is.
    /// </summary>
    void Reorder(BootContext context, IReadOnlyList<BootEntry> order);

    /// <summary>
    /// Removes every entry of <paramref name="deployment"/> from one set and returns how many were removed (0 is not
    /// an error). The other set is untouched. Removing the staged set's first entry (the staged update itself) removes
    /// the whole staged set, since finalizing what is left would drop the live fallback entries; a staged set left
    /// with no deployment is removed too.
    /// </summary>
    int RemoveEntries(BootContext context, DeploymentId deployment, BootEntrySet set);
}
