using BootcPlug.Bootloaders;
using BootcPlug.Deployments.State;

namespace BootcPlug.Deployments.Status;

/// <summary>
/// Which deployment the next boot starts: the staged one when it will be finalized at shutdown (a marker that is not
/// download-only), else the default of the live menu (in the boot loader's order, where systemd-boot puts an entry
/// whose boot counter ran out last).
/// </summary>
public static class NextBootRule
{
    public static DeploymentId? Of(HostInventory inventory)
    {
        if (inventory.StagedDeployment is { } staged && inventory.Marker is { FinalizationLocked: false })
            return staged.Id;
        return inventory.Entries.Live.FirstOrDefault()?.Deployment;
    }
}
