namespace BootcPlug.Bootloaders;

/// <summary>What a backend can do; the host asks a backend only for what it declares.</summary>
[Flags]
public enum BootloaderFeatures
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Boot-menu entries: list, write staged, finalize, reorder, remove, clear staged.</summary>
    Entries = 1,

    /// <summary>Boot artifacts: list, install, delete.</summary>
    Artifacts = 2,
}

/// <summary>
/// A bootloader backend, loaded from a plugin. The host creates one instance per backend with a public
/// parameterless constructor and calls it from one thread at a time, holding the host lock for every change.
/// </summary>
/// <remarks>
/// <para><b>Menus.</b> The backend chosen for the host (by <see cref="Detect"/> or <c>--bootloader</c>) owns the
/// boot menu: its live set (what boots next) and its staged set (what finalize swaps in). Entries are listed in
/// boot-menu order: index 0 is the default.</para>
/// <para><b>Artifacts.</b> Kernel directories and UKIs may belong to a different backend than the menu (grub boots
/// UKIs that the UKI backend manages). The deployment layer asks every detected backend that declares
/// <see cref="BootloaderFeatures.Artifacts"/> and compares artifact names with <see cref="BootEntry.BootArtifactName"/>.</para>
/// <para><b>Safety.</b> Every change is atomic and durable: a crash at any point leaves the old or the new set of
/// entries, never a mix or a truncated file. Paths read from entry files that leave the boot dir or the ESP are
/// reported as <see cref="BootProblem"/>s and never opened or deleted. A malformed file is reported with its path
/// and line, and nothing is changed. Errors are thrown as <see cref="BootFormatException"/> (bad files),
/// <see cref="IOException"/> (the disk), <see cref="NotSupportedException"/> (a feature the backend lacks) or
/// <see cref="ArgumentException"/> (bad arguments).</para>
/// </remarks>
public interface IBootloader
{
    /// <summary>The backend's name, e.g. <c>grub</c>, <c>systemd-boot</c>, <c>uki</c>.</summary>
    string Name { get; }

    /// <summary>The <c>--bootloader</c> values this backend serves (<c>grub</c>; <c>systemd</c>, <c>grub-cc</c>); empty for an artifact-only backend.</summary>
    IReadOnlyList<string> BootloaderNames { get; }

    /// <summary>What this backend implements. Members of a missing feature throw <see cref="NotSupportedException"/>.</summary>
    BootloaderFeatures Features { get; }

    /// <summary>Decides, reading only files under the context, whether this backend manages the host.</summary>
    BootloaderDetection Detect(BootContext context);

    /// <summary>
    /// Called by writers only, holding the exclusive host lock, before they read: finishes or undoes whatever an
    /// interrupted change of this backend left (a half-done swap, temporary files), so that the files on disk become
    /// what <see cref="ListEntries"/> and <see cref="ListArtifacts"/> already report. Readers never call it, and
    /// listing never changes anything. A backend without leftovers keeps the default (it does nothing).
    /// </summary>
    void Recover(BootContext context)
    {
    }

    /// <summary>
    /// Lists the live and the staged entries, each in boot-menu order, changing nothing: an interrupted change is
    /// reported as <see cref="Recover"/> will leave it. Unreadable or unsafe entries go to <see cref="BootEntryListing.Problems"/>.
    /// </summary>
    BootEntryListing ListEntries(BootContext context);

    /// <summary>
    /// Replaces the staged set with a new one: <paramref name="primary"/> (the new deployment, the default) and, when
    /// given, <paramref name="secondary"/>, a copy of an existing live entry (normally the booted deployment) that
    /// becomes the fallback. A staged set left by an earlier, unfinished staging is discarded. The live set is untouched.
    /// </summary>
    /// <param name="context">Where the files are.</param>
    /// <param name="primary">The new deployment's entry.</param>
    /// <param name="secondary">A live entry from <see cref="ListEntries"/> to keep as the second entry, or null.</param>
    void WriteStaged(BootContext context, EntryTemplate primary, BootEntry? secondary);

    /// <summary>
    /// Makes the staged set live in one atomic exchange (finalize). The previous live set is removed afterwards.
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
    /// Removes every entry of deployment <paramref name="verity"/> from one set and returns how many were removed
    /// (0 is not an error). The other set is untouched. Removing the staged set's first entry (the staged update
    /// itself) removes the whole staged set, since finalizing what is left would drop the live fallback entries;
    /// a staged set left with no deployment is removed too.
    /// </summary>
    int RemoveEntries(BootContext context, string verity, BootEntrySet set);

    /// <summary>Lists the artifacts this backend owns (Type1 kernel dirs or UKIs with their addon dirs), changing nothing.</summary>
    BootArtifactListing ListArtifacts(BootContext context);

    /// <summary>
    /// Copies a new artifact into place (durably: every file written to a temporary name, synced, renamed) and returns it.
    /// An artifact of the same name that already exists is an <see cref="IOException"/>.
    /// </summary>
    BootArtifact InstallArtifact(BootContext context, BootArtifactSource source);

    /// <summary>
    /// Deletes one artifact from <see cref="ListArtifacts"/>: the kernel dir, or the UKI and its addon dir. The path is
    /// checked again before anything is removed: it must be a <c>bootc_composefs-</c> artifact inside this backend's folder.
    /// </summary>
    void DeleteArtifact(BootContext context, BootArtifact artifact);
}
