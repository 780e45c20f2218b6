using BootcPlug.Bootloaders;

namespace BootcPlug.Deployments.State;

/// <summary>
/// The entries a GC plans with: the inventory's as read, as they will be once a delete has unlinked its targets
/// (so the plan, and a dry run's report, are exact before anything is unlinked), or as a finalize leaves them.
/// </summary>
public sealed class InventoryView
{
    private InventoryView(
        HostInventory inventory, IReadOnlySet<DeploymentId> unlinked, IReadOnlyList<BootEntry> entries)
    {
        Inventory = inventory;
        Unlinked = unlinked;
        Entries = entries.Where(e => !unlinked.Contains(e.Deployment)).ToList();
    }

    public HostInventory Inventory { get; }

    /// <summary>Deployments whose entries the view leaves out.</summary>
    public IReadOnlySet<DeploymentId> Unlinked { get; }

    /// <summary>Every entry the GC keeps alive.</summary>
    public IReadOnlyList<BootEntry> Entries { get; }

    public IEnumerable<DeploymentRecord> Deployments => Inventory.Deployments.Where(d => !Unlinked.Contains(d.Id));

    public static InventoryView Of(HostInventory inventory) =>
        new(inventory, new HashSet<DeploymentId>(), [.. inventory.Entries.All]);

    /// <summary>The host once <paramref name="targets"/> have lost their boot entries.</summary>
    public static InventoryView Without(HostInventory inventory, IEnumerable<DeploymentId> targets) =>
        new(inventory, targets.ToHashSet(), [.. inventory.Entries.All]);

    /// <summary>The host once finalize has swapped the staged set into place: its entries are the only ones.</summary>
    public static InventoryView AfterFinalize(HostInventory inventory) =>
        new(inventory, new HashSet<DeploymentId>(), inventory.Entries.Staged);
}
