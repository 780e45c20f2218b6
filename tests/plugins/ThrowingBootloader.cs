using BootcPlug.Bootloaders;

namespace TestPlugins;

/// <summary>
/// A backend whose constructor throws <see cref="Reason"/> (each project that compiles this file supplies it). The
/// broken-boot plugin uses it to prove a throwing plugin is reported; future-boot, whose manifest states contract 2.0,
/// to prove such a plugin is refused before any of its code runs.
/// </summary>
public sealed partial class ThrowingBootloader : IBootloader
{
    public ThrowingBootloader() => throw new InvalidOperationException(Reason);

    public string Name => "throwing";
    public IReadOnlyList<string> BootloaderNames => [];
    public BootloaderFeatures Features => BootloaderFeatures.None;
    public BootloaderDetection Detect(BootContext context) => new(false, "");
    public BootEntryListing ListEntries(BootContext context) => throw new NotSupportedException();
    public void WriteStaged(BootContext context, EntryTemplate primary, BootEntry? secondary) => throw new NotSupportedException();
    public bool FinalizeStaged(BootContext context) => throw new NotSupportedException();
    public bool ClearStaged(BootContext context) => throw new NotSupportedException();
    public void Reorder(BootContext context, IReadOnlyList<BootEntry> order) => throw new NotSupportedException();
    public int RemoveEntries(BootContext context, string verity, BootEntrySet set) => throw new NotSupportedException();
    public BootArtifactListing ListArtifacts(BootContext context) => throw new NotSupportedException();
    public BootArtifact InstallArtifact(BootContext context, BootArtifactSource source) => throw new NotSupportedException();
    public void DeleteArtifact(BootContext context, BootArtifact artifact) => throw new NotSupportedException();
}
