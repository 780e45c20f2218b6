using BootcPlug.Deployments.State;

namespace BootcPlug.Deployments.Operations.Lifecycle;

/// <summary>One deployment with boot entries, by its id or a unique prefix (pin, unpin).</summary>
public static class DeploymentLookup
{
    public static DeploymentRecord Find(HostInventory inventory, DeploymentIdPrefix id)
    {
        var matches = inventory.Deployments.Where(d => id.Matches(d.Id)).ToList();
        return matches.Count switch
        {
            0 => throw new OperationFailedException($"Deployment {id} not found (no boot entry names it)"),
            1 => matches[0],
            _ => throw new OperationFailedException(
                $"'{id}' is ambiguous: it starts {string.Join(", ", matches.Select(m => m.Id))}"),
        };
    }
}
