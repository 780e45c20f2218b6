using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;
using BootcPlug.Bootloaders.Formats.Bls;
using BootcPlug.Bootloaders.Formats.IO;

namespace BootcPlug.Plugins.SystemdBoot;

/// <summary>
/// systemd-boot, and grub-cc which reads the same files: BLS entries in <c>ESP/loader/entries</c> in systemd-boot's
/// order (sort-key, machine-id, version), Type1 entries whose kernels live in <c>ESP/EFI/Linux/bootc_composefs-*/</c>,
/// and UKI entries naming <c>/EFI/Linux/bootc/*.efi</c> with the <c>uki</c> key (systemd-boot 258 and later) or the
/// <c>efi</c> key (older systemd-boot, and always for grub-cc).
/// </summary>
public sealed class SystemdBootBootloader
    : IBootMenu, IBootMenuRetention, IBootArtifactStore, IBootloaderDetector, IBootRecovery
{
    /// <summary>The minimum systemd-boot version that understands the <c>uki</c> key.</summary>
    public const int FirstVersionWithUkiKey = 258;

    /// <summary>The bootloader names this plugin declares in its plugin.json.</summary>
    public static IReadOnlyList<string> BootloaderNames { get; } = ["systemd", "grub-cc"];

    /// <summary>Type1 kernel directories in <c>ESP/EFI/Linux</c>.</summary>
    public BootArtifactType Type => BootArtifactType.Bls;

    /// <summary>systemd or grub-cc when LoaderInfo names it; never a fallback.</summary>
    public BootloaderDetection Detect(BootContext context) => Detection.For(context, BootloaderNames);

    private static BlsEntryStore Store(BootContext context) =>
        new(new BlsLayout(Path.Combine(context.EspDir, "loader"), context.EspDir, context.EspDir,
            BlsLayout.SystemdOrder)
        {
            AcceptsFileName = BlsNaming.IsValidSystemdEntryName,
        }, context.DurableFiles());

    private static KernelDirArtifacts Kernels(BootContext context) =>
        new(Path.Combine(context.EspDir, "EFI", "Linux"), context.DurableFiles());

    /// <summary>The key a UKI entry is written with on this host.</summary>
    public static string UkiKey(BootContext context)
    {
        var bootloader = context.Bootloader ?? Detection.FromLoaderInfo(context).Bootloader;
        if (bootloader == "grub-cc") return "efi";
        return LoaderInfo.SystemdBootVersion(LoaderInfo.Read(context.EfiVarsDir)) >= FirstVersionWithUkiKey
            ? "uki"
            : "efi";
    }

    /// <inheritdoc />
    public void Recover(BootContext context)
    {
        Store(context).Recover();
        Kernels(context).Recover();
    }

    /// <inheritdoc />
    public BootEntryListing ListEntries(BootContext context) => Store(context).List();

    /// <inheritdoc />
    public void WriteStaged(BootContext context, EntryTemplate primary, BootEntry? secondary) =>
        WriteStagedKeeping(context, primary, secondary is null ? [] : [secondary]);

    /// <inheritdoc />
    /// <remarks>
    /// Any number of kept entries (one file each). The boot counter of <see cref="EntryTemplate.BootTries"/> is
    /// written for systemd-boot, which counts; grub-cc does not, so its entries never get one.
    /// </remarks>
    public void WriteStagedKeeping(BootContext context, EntryTemplate primary, IReadOnlyList<BootEntry> kept)
    {
        var entry = primary.BootType == BootArtifactType.Uki
            ? EntryTemplates.Uki(primary, UkiKey(context))
            : EntryTemplates.Type1(primary, "/EFI/Linux");
        var bootloader = context.Bootloader ?? Detection.FromLoaderInfo(context).Bootloader;
        Store(context).WriteStaged(entry, primary.OsId, kept, bootloader == "grub-cc" ? null : primary.BootTries);
        // bootc gives a fresh ESP a menu timeout, and never touches an existing loader.conf.
        var loaderConf = Path.Combine(context.EspDir, "loader", "loader.conf");
        if (!File.Exists(loaderConf)) context.DurableFiles().WriteText(loaderConf, "timeout 5\n");
    }

    /// <inheritdoc />
    public bool FinalizeStaged(BootContext context) => Store(context).Finalize();

    /// <inheritdoc />
    public bool ClearStaged(BootContext context) => Store(context).ClearStaged();

    /// <inheritdoc />
    public void Reorder(BootContext context, IReadOnlyList<BootEntry> order) => Store(context).Reorder(order);

    /// <inheritdoc />
    public int RemoveEntries(BootContext context, DeploymentId deployment, BootEntrySet set) =>
        Store(context).Remove(deployment, set);

    /// <inheritdoc />
    public BootArtifactListing ListArtifacts(BootContext context) => Kernels(context).List();

    /// <inheritdoc />
    public BootArtifact InstallArtifact(BootContext context, BootArtifactSource source) =>
        Kernels(context).Install(source);

    /// <inheritdoc />
    public void DeleteArtifact(BootContext context, BootArtifact artifact) => Kernels(context).Delete(artifact);
}
