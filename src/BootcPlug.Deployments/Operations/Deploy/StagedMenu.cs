using BootcPlug.Bootloaders;
using BootcPlug.Deployments.Layout;

namespace BootcPlug.Deployments.Operations.Deploy;

/// <summary>
/// Stages a new default with the entries policy keeps behind it: every kept entry on a menu with the
/// <see cref="IBootMenuRetention"/> role, the one fallback of <see cref="IBootMenu.WriteStaged"/> otherwise.
/// </summary>
internal static class StagedMenu
{
    /// <summary>Refuses, before anything is written, a menu that cannot keep what policy keeps.</summary>
    public static void EnsureCanKeep(HostBootloaders bootloaders, IReadOnlyList<BootEntry> kept)
    {
        if (kept.Count > 1 && bootloaders.Menu is not IBootMenuRetention)
            throw new OperationFailedException($"The {bootloaders.Name} boot menu keeps one fallback entry, not the "
                + $"{kept.Count} pinned or retained deployments; no deployment was made: unpin them, or deploy "
                + "without --keep");
    }

    public static void Write(HostBootloaders bootloaders, EntryTemplate primary, IReadOnlyList<BootEntry> kept)
    {
        if (bootloaders.Menu is IBootMenuRetention retention)
            retention.WriteStagedKeeping(bootloaders.Context, primary, kept);
        else
            bootloaders.Menu.WriteStaged(bootloaders.Context, primary, kept.Count == 1 ? kept[0] : null);
    }
}
