using BootcPlug.Deployments.State;

namespace BootcPlug.Deployments.Operations.Lifecycle;

/// <summary>
/// Turns the ids an admin typed into deployments: the full verity or a unique prefix of at least 12 characters,
/// among the deployments that have boot entries. Every id is checked before anything is changed, and nothing is
/// resolved while any boot entry is rejected as unreadable or unsafe.
/// </summary>
public static class DeploymentResolver
{
    public const int MinimumPrefix = 12;

    public static IReadOnlyList<DeploymentRecord> Resolve(HostInventory inventory, IReadOnlyList<string> ids)
    {
        // A rejected entry may be the very deployment asked for (or one that must stay): say which file and why,
        // rather than "not found" or "gc removes it", since gc refuses for the same reason.
        if (inventory.Entries.Problems.Count > 0)
            throw new OperationFailedException("boot entries were rejected, so deployments cannot be told apart safely; nothing changed: "
                + string.Join("; ", inventory.Entries.Problems.Select(p => p.ToString())));
        var targets = new List<DeploymentRecord>();
        foreach (string id in ids)
        {
            if (id.Length < MinimumPrefix || !id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
                throw new UsageException($"'{id}' is not a deployment id: give the verity, or at least its first {MinimumPrefix} lowercase hex digits");
            var matches = inventory.Deployments.Where(d => d.Verity.StartsWith(id, StringComparison.Ordinal)).ToList();
            if (matches.Count == 0)
            {
                bool orphan = inventory.StateDirs.Any(s => s.StartsWith(id, StringComparison.Ordinal));
                throw new OperationFailedException(orphan
                    ? $"Deployment {id} has no boot entries; 'gc' removes what is left of it"
                    : $"Deployment {id} not found");
            }
            if (matches.Count > 1)
                throw new OperationFailedException($"'{id}' is ambiguous: it starts {string.Join(", ", matches.Select(m => m.Verity))}");
            var target = matches[0];
            if (target.Verity == inventory.Booted?.Verity)
                throw new OperationFailedException($"Cannot delete currently booted deployment {target.Verity}");
            if (!targets.Contains(target)) targets.Add(target);
        }
        return targets;
    }
}
