using BootcPlug.Bootloaders;

namespace BootcPlug.Deployments.State;

/// <summary>
/// The entries an operation plans with: the inventory's, minus those of deployments a delete is about to unlink
/// (so `delete-deployment --dry-run` can report the exact GC that follows).
/// </summary>
public sealed record InventoryView(HostInventory Inventory, IReadOnlySet<string> Unlinked)
{
    public static InventoryView Of(HostInventory inventory) => new(inventory, new HashSet<string>());

    public IEnumerable<BootEntry> Entries => Inventory.Entries.All.Where(e => !Unlinked.Contains(e.Deployment.Value));

    public IEnumerable<DeploymentRecord> Deployments => Inventory.Deployments.Where(d => !Unlinked.Contains(d.Verity));
}
