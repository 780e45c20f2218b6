using BootcPlug.Bootloaders;
using BootcPlug.Deployments.State;

namespace BootcPlug.Deployments.Operations.Lifecycle;

/// <summary>What the ids given to delete-deployment name.</summary>
/// <param name="Targets">Deployments whose boot entries are to be unlinked.</param>
/// <param name="AlreadyUnlinked">State dirs named by an id that have no boot entry any more (an earlier delete was
/// interrupted after unlinking them): nothing is left to unlink, and the GC that follows removes the rest.</param>
public sealed record DeletionTargets(
    IReadOnlyList<DeploymentRecord> Targets, IReadOnlyList<DeploymentId> AlreadyUnlinked);

/// <summary>
/// Turns the ids an admin typed into deployments: the full verity or a unique prefix of at least 12 characters,
/// among the deployments that have boot entries. Every id is checked before anything is changed, and nothing is
/// resolved while any boot entry is rejected as unreadable or unsafe. An id whose deployment was already unlinked
/// (only its state dir is left) is not an error, so that running an interrupted `delete-deployment A B` again
/// finishes it. While the staged marker cannot be read, a deployment with staged entries is refused: it may be the
/// staged one.
/// </summary>
public static class DeploymentResolver
{
    public static DeletionTargets Resolve(HostInventory inventory, IReadOnlyList<DeploymentIdPrefix> ids)
    {
        // A rejected entry may be the very deployment asked for (or one that must stay): say which file and why,
        // rather than "not found" or "gc removes it", since gc refuses for the same reason.
        if (inventory.Entries.Problems.Count > 0)
            throw new OperationFailedException(
                "boot entries were rejected, so deployments cannot be told apart safely; nothing changed: "
                + string.Join("; ", inventory.Entries.Problems.Select(p => p.ToString())));
        var targets = new List<DeploymentRecord>();
        var unlinked = new List<DeploymentId>();
        foreach (var id in ids)
        {
            var matches = inventory.Deployments.Where(d => id.Matches(d.Id)).ToList();
            if (matches.Count == 0)
            {
                var orphans = inventory.StateDirIds.Where(id.Matches).ToList();
                if (orphans.Count == 0) throw new OperationFailedException($"Deployment {id} not found");
                if (orphans.Count > 1)
                    throw new OperationFailedException($"'{id}' is ambiguous: it starts {string.Join(", ", orphans)}");
                if (!unlinked.Contains(orphans[0])) unlinked.Add(orphans[0]);
                continue;
            }
            if (matches.Count > 1)
            {
                string starts = string.Join(", ", matches.Select(m => m.Id));
                throw new OperationFailedException($"'{id}' is ambiguous: it starts {starts}");
            }
            var target = matches[0];
            if (target.Role == DeploymentRole.Booted)
                throw new OperationFailedException($"Cannot delete currently booted deployment {target.Id}");
            if (target.Pinned)
                throw new OperationFailedException(
                    $"Deployment {target.Id} is pinned; 'bootcplug unpin {target.Id.Short}' first, then delete it");
            // Without a readable marker, any deployment with staged entries may be the staged one.
            if (inventory.MarkerProblem is { } markerProblem && target.InStaged)
                throw new OperationFailedException($"Deployment {target.Id} has staged boot entries and "
                    + $"{markerProblem}, so it may be the staged deployment; nothing changed");
            if (!targets.Contains(target)) targets.Add(target);
        }
        return new DeletionTargets(targets, unlinked);
    }
}
