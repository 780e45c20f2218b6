namespace BootcPlug.Bootloaders;

/// <summary>
/// What a deployment boots: a Type1 kernel and initrd (<c>Bls</c>) or a unified kernel image (<c>Uki</c>). The one
/// boot-type enum of the contract, used by entries, templates and artifact stores alike; the status document has its
/// own wire enum (BootcPlug.Models), which the host maps from this one.
/// </summary>
public enum BootArtifactType
{
    /// <summary>A BLS Type1 entry with <c>linux</c>/<c>initrd</c> from a <c>bootc_composefs-&lt;id&gt;/</c>
    /// directory.</summary>
    Bls,

    /// <summary>A unified kernel image <c>EFI/Linux/bootc/bootc_composefs-&lt;id&gt;.efi</c>.</summary>
    Uki,
}

/// <summary>Which set of entries an entry belongs to.</summary>
public enum BootEntrySet
{
    /// <summary>The menu the firmware boots now (<c>loader/entries</c>, <c>grub2/user.cfg</c>).</summary>
    Live,

    /// <summary>The menu that finalize swaps in (<c>loader/entries.staged</c>, <c>grub2/user.cfg.staged</c>).</summary>
    Staged,
}

/// <summary>One boot-menu entry as the deployment layer sees it.</summary>
/// <param name="Deployment">
/// The deployment the entry boots: the <c>composefs=</c> value of a Type1 entry (without a leading <c>?</c>), or the
/// UKI
/// name with its prefix and <c>.efi</c> removed. A menu reports an entry whose value is not a valid
/// <see cref="DeploymentId"/> as a <see cref="BootProblem"/> instead of listing it, so the host refuses to delete
/// anything on that listing.
/// </param>
/// <param name="BootArtifactName">
/// The kernel directory or UKI the entry boots, with <see cref="BootloaderContract.ArtifactPrefix"/> removed. A string,
/// like <see cref="BootArtifact.Name"/>: normally the deployment's own id, another deployment's id when kernels are
/// shared, or an older tool's name.
/// </param>
/// <param name="Set">Live or staged.</param>
/// <param name="MenuPosition">Zero-based position in its set's boot-menu order (0 is what the firmware boots by
/// default).</param>
/// <param name="BootType">Type1 or UKI.</param>
/// <param name="Id">The entry's own name: a <c>.conf</c> file name, or a grub menuentry title.</param>
/// <param name="SourcePath">The file the entry was read from.</param>
public sealed record BootEntry(
    DeploymentId Deployment,
    string BootArtifactName,
    BootEntrySet Set,
    int MenuPosition,
    BootArtifactType BootType,
    string Id,
    string SourcePath)
{
    /// <summary>The title shown in the menu.</summary>
    public string? Title { get; init; }

    /// <summary>The entry's version (BLS <c>version</c>), if any.</summary>
    public string? Version { get; init; }

    /// <summary>The kernel command line (BLS <c>options</c>), if the entry carries one.</summary>
    public string? Options { get; init; }

    /// <summary>The BLS <c>sort-key</c>, if any.</summary>
    public string? SortKey { get; init; }

    /// <summary>True when the karg was <c>composefs=?&lt;id&gt;</c>: the deployment may boot without
    /// fs-verity.</summary>
    public bool MissingVerityAllowed { get; init; }

    /// <summary>
    /// Boot attempts left, when the entry carries systemd's boot counter (a <c>+LEFT[-DONE]</c> suffix before
    /// <c>.conf</c>); 0 means the entry failed to boot and the loader sorts it last. Null: not counted.
    /// </summary>
    public int? TriesLeft { get; init; }

    /// <summary>Boot attempts already made, when the entry's boot counter has a <c>-DONE</c> part (as
    /// <c>bootctl list</c> reports it).</summary>
    public int? TriesDone { get; init; }
}

/// <summary>A problem found while reading entries or artifacts: a file, an optional 1-based line, and what is
/// wrong.</summary>
/// <param name="FilePath">The file (or directory) at fault.</param>
/// <param name="Line">The 1-based line, or null when the problem is not tied to a line.</param>
/// <param name="Message">What is wrong, for an admin.</param>
public sealed record BootProblem(string FilePath, int? Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Line is { } line ? $"{FilePath}:{line}: {Message}" : $"{FilePath}: {Message}";
}

/// <summary>Everything a menu found in its live and staged sets.</summary>
/// <param name="Live">The live entries in boot-menu order.</param>
/// <param name="Staged">The staged entries in boot-menu order (empty when nothing is staged).</param>
/// <param name="Problems">
/// Entries that could not be read or that point outside the boot dir or ESP. They are left out of the lists, so a
/// non-empty list means the listing is incomplete: a caller that deletes anything based on it must stop.
/// </param>
public sealed record BootEntryListing(
    IReadOnlyList<BootEntry> Live,
    IReadOnlyList<BootEntry> Staged,
    IReadOnlyList<BootProblem> Problems)
{
    /// <summary>Live entries followed by staged ones.</summary>
    public IEnumerable<BootEntry> All => Live.Concat(Staged);
}

/// <summary>Whether an entry written to the staged set is the new default or the fallback behind it.</summary>
public enum EntryPriority
{
    /// <summary>The new deployment: first in the menu (file name release <c>1</c>, sort-key
    /// <c>bootc-&lt;os&gt;-0</c>).</summary>
    Primary,

    /// <summary>The previous deployment: second in the menu (release <c>0</c>, sort-key
    /// <c>bootc-&lt;os&gt;-1</c>).</summary>
    Secondary,
}

/// <summary>What the deployment layer knows about a deployment when it asks a menu to write its entry.</summary>
/// <param name="Deployment">The deployment the entry boots.</param>
/// <param name="BootType">Type1 or UKI.</param>
/// <param name="BootArtifactName">The kernel dir or UKI to boot, without the prefix (may be another deployment's shared
/// kernel dir).</param>
/// <param name="OsId">The image's os-release <c>ID</c> (default <c>bootc</c>).</param>
/// <param name="Title">The menu title (os-release <c>PRETTY_NAME</c>, or for a UKI its <c>.osrel</c> title).</param>
/// <param name="Version">The os-release <c>VERSION_ID</c>, falling back to the deployment id.</param>
public sealed record EntryTemplate(
    DeploymentId Deployment,
    BootArtifactType BootType,
    string BootArtifactName,
    string OsId,
    string Title,
    string Version)
{
    /// <summary>The full kernel command line for a Type1 entry, including <c>composefs=&lt;id&gt;</c>. Ignored for UKIs
    /// (their command line is inside the image).</summary>
    public string? Options { get; init; }

    /// <summary>An optional BLS <c>machine-id</c>.</summary>
    public string? MachineId { get; init; }

    /// <summary>
    /// When set, the new entry is written with systemd's boot counter (<c>+N</c> before <c>.conf</c>): the loader
    /// tries it N times before it sorts it last. Menus whose loader does not count boots ignore it.
    /// </summary>
    public int? BootTries { get; init; }
}
