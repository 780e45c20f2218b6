using BootcPlug.Bootloaders;
using BootcPlug.Deployments.State;

namespace BootcPlug.Deployments.Operations.Lifecycle;

/// <summary>What the ids given to delete-deployment name.</summary>
/// <param name="Targets">Deployments whose boot entries are to be unlinked.</param>
/// <param name="AlreadyUnlinked">State dirs named by an id that have no boot entry any more (an earlier delete was
/// interrupted after unlinking them): nothing is left to unlink, and the GC that follows removes the rest.</param>
public sealed record DeletionTargets(IReadOnlyList<DeploymentRecord> Targets, IReadOnlyList<string> AlreadyUnlinked);

/// <summary>
/// Turns the ids an admin typed into deployments: the full verity or a unique prefix of at least 12 characters,
/// among the deployments that have boot entries. Every id is checked before anything is changed, and nothing is
/// resolved while any boot entry is rejected as unreadable or unsafe. An id whose deployment was already unlinked
/// (only its state dir is left) is not an error, so that running an interrupted `delete-deployment A B` again
/// finishes it.
/// </summary>
public static class DeploymentResolver
{
    public const int MinimumPrefix = 12;

    public static DeletionTargets Resolve(HostInventory inventory, IReadOnlyList<string> ids)
    {
        // A rejected entry may be the very deployment asked for (or one that must stay): say which file and why,
        // rather than "not found" or "gc removes it", since gc refuses for the same reason.
        if (inventory.Entries.Problems.Count > 0)
            throw new OperationFailedException("boot entries were rejected, so deployments cannot be told apart safely; nothing changed: "
                + string.Join("; ", inventory.Entries.Problems.Select(p => p.ToString())));
        var targets = new List<DeploymentRecord>();
        var unlinked = new List<string>();
        foreach (string id in ids)
        {
            if (id.Length < MinimumPrefix || !id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
                throw new UsageException($"'{id}' is not a deployment id: give the verity, or at least its first {MinimumPrefix} lowercase hex digits");
            var matches = inventory.Deployments.Where(d => d.Verity.StartsWith(id, StringComparison.Ordinal)).ToList();
            if (matches.Count == 0)
            {
                var orphans = inventory.StateDirs.Where(s => DeploymentId.IsValid(s) && s.StartsWith(id, StringComparison.Ordinal)).ToList();
                if (orphans.Count == 0) throw new OperationFailedException($"Deployment {id} not found");
                if (orphans.Count > 1)
                    throw new OperationFailedException($"'{id}' is ambiguous: it starts {string.Join(", ", orphans)}");
                if (!unlinked.Contains(orphans[0])) unlinked.Add(orphans[0]);
                continue;
            }
            if (matches.Count > 1)
                throw new OperationFailedException($"'{id}' is ambiguous: it starts {string.Join(", ", matches.Select(m => m.Verity))}");
            var target = matches[0];
            if (target.Verity == inventory.Booted?.Verity)
                throw new OperationFailedException($"Cannot delete currently booted deployment {target.Verity}");
            if (!targets.Contains(target)) targets.Add(target);
        }
        return new DeletionTargets(targets, unlinked);
    }
}
