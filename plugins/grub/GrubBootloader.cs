using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;
using BootcPlug.Bootloaders.Formats.Bls;
using BootcPlug.Bootloaders.Formats.IO;

namespace BootcPlug.Plugins.Grub;

/// <summary>
/// grub with BLS support: Type1 entries in <c>BOOT/loader/entries</c> (ordered by file name, newest first), or, on a
/// host that boots UKIs, menuentries in <c>BOOT/grub2/user.cfg</c> that chainload them from the ESP (menu order is
/// file order). Kernel directories live directly in the boot dir.
/// </summary>
public sealed class GrubBootloader
    : IBootMenu, IBootMenuRetention, IBootArtifactStore, IBootloaderDetector, IBootRecovery
{
    /// <summary>The bootloader name this plugin declares in its plugin.json.</summary>
    public const string BootloaderName = "grub";

    /// <summary>Type1 kernel directories in the boot dir.</summary>
    public BootArtifactType Type => BootArtifactType.Bls;

    /// <summary>grub when LoaderInfo names it, and the fallback when no LoaderInfo names a known boot loader.</summary>
    public BootloaderDetection Detect(BootContext context) =>
        Detection.For(context, [BootloaderName], fallback: BootloaderName);

    private static BlsEntryStore Bls(BootContext context) => new(new BlsLayout(
        Path.Combine(context.BootDir, "loader"),
        context.BootIsSeparatePartition
            ? context.BootDir
            : Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(context.BootDir))!,
        context.BootDir,
        BlsLayout.GrubOrder), context.DurableFiles());

    private static GrubMenus Menus(BootContext context) =>
        new(Path.Combine(context.BootDir, "grub2"), context.EspDir, context.DurableFiles());

    private static KernelDirArtifacts Kernels(BootContext context) => new(context.BootDir, context.DurableFiles());

    private static string KernelPrefix(BootContext context) => context.BootIsSeparatePartition ? "" : "/boot";

    /// <inheritdoc />
    public void Recover(BootContext context)
    {
        Menus(context).Recover();
        Bls(context).Recover();
        Kernels(context).Recover();
    }

    /// <inheritdoc />
    public BootEntryListing ListEntries(BootContext context)
    {
        var menus = Menus(context);
        return menus.InUse ? menus.List() : Bls(context).List();
    }

    /// <inheritdoc />
    public void WriteStaged(BootContext context, EntryTemplate primary, BootEntry? secondary) =>
        WriteStagedKeeping(context, primary, secondary is null ? [] : [secondary]);

    /// <inheritdoc />
    /// <remarks>
    /// Any number of kept entries: BLS files, or menuentries of user.cfg. grub does not count boots, so
    /// <see cref="EntryTemplate.BootTries"/> is ignored.
    /// </remarks>
    public void WriteStagedKeeping(BootContext context, EntryTemplate primary, IReadOnlyList<BootEntry> kept)
    {
        var menus = Menus(context);
        if (primary.BootType == BootArtifactType.Uki)
        {
            menus.WriteStaged(primary, kept);
            return;
        }
        if (menus.InUse)
            throw new ArgumentException($"{menus.UserCfg}: this host boots UKIs through grub menus; "
                + $"a Type1 deployment ({primary.Deployment}) cannot be staged beside them.");
        Bls(context).WriteStaged(EntryTemplates.Type1(primary, KernelPrefix(context)), primary.OsId, kept);
    }

    /// <inheritdoc />
    public bool FinalizeStaged(BootContext context)
    {
        var menus = Menus(context);
        return menus.InUse ? menus.Finalize() : Bls(context).Finalize();
    }

    /// <inheritdoc />
    public bool ClearStaged(BootContext context)
    {
        var menus = Menus(context);
        return menus.InUse ? menus.ClearStaged() : Bls(context).ClearStaged();
    }

    /// <inheritdoc />
    public void Reorder(BootContext context, IReadOnlyList<BootEntry> order)
    {
        var menus = Menus(context);
        if (menus.InUse) menus.Reorder(order);
        else Bls(context).Reorder(order);
    }

    /// <inheritdoc />
    public int RemoveEntries(BootContext context, DeploymentId deployment, BootEntrySet set)
    {
        var menus = Menus(context);
        return menus.InUse ? menus.Remove(deployment, set) : Bls(context).Remove(deployment, set);
    }

    /// <inheritdoc />
    public BootArtifactListing ListArtifacts(BootContext context) => Kernels(context).List();

    /// <inheritdoc />
    public BootArtifact InstallArtifact(BootContext context, BootArtifactSource source) =>
        Kernels(context).Install(source);

    /// <inheritdoc />
    public void DeleteArtifact(BootContext context, BootArtifact artifact) => Kernels(context).Delete(artifact);
}
