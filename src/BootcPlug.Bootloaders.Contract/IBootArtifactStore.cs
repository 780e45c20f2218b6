namespace BootcPlug.Bootloaders;

/// <summary>
/// Where the boot artifacts of one type live: Type1 kernel directories (<c>bootc_composefs-&lt;id&gt;/</c> with
/// <c>vmlinuz</c> and <c>initrd</c>) or unified kernel images (<c>bootc_composefs-&lt;id&gt;.efi</c> with their addon
/// directories). A plugin implements it once per artifact type its <c>plugin.json</c> lists under <c>artifacts</c>.
/// </summary>
/// <remarks>
/// Artifacts may belong to a different plugin than the menu: grub boots UKIs that the uki plugin stores. The host
/// compares artifact names with <see cref="BootEntry.BootArtifactName"/>; an artifact no entry names is garbage.
/// Every change is durable (temporary name, sync, rename, sync of the folder), and a path is checked again before
/// anything is removed.
/// </remarks>
public interface IBootArtifactStore
{
    /// <summary>The artifact type this store holds; the same value as its entry in the manifest's
    /// <c>artifacts</c>.</summary>
    BootArtifactType Type { get; }

    /// <summary>Lists the artifacts of this store, changing nothing.</summary>
    BootArtifactListing ListArtifacts(BootContext context);

    /// <summary>
    /// Copies a new artifact into place (durably: every file written to a temporary name, synced, renamed) and returns
    /// it. An artifact of the same name that already exists is an <see cref="IOException"/>.
    /// </summary>
    BootArtifact InstallArtifact(BootContext context, BootArtifactSource source);

    /// <summary>
    /// Deletes one artifact from <see cref="ListArtifacts"/>: the kernel dir, or the UKI and its addon dir. The path is
    /// checked again before anything is removed: it must be a <c>bootc_composefs-</c> artifact inside this store's
    /// folder.
    /// </summary>
    void DeleteArtifact(BootContext context, BootArtifact artifact);
}
