using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;

namespace BootcPlug.Deployments.State;

/// <summary>
/// The one rule for booted, staged and rollback. Booted: named by the running kernel's composefs= argument. Staged:
/// the first entry of the staged set, unless it is the booted deployment. Rollback: the first deployment of the live
/// menu with an origin, other than those two. Every verb reads the role; none works it out again.
/// </summary>
internal static class DeploymentRoles
{
    public static IReadOnlyList<DeploymentRecord> Assign(
        IReadOnlyList<DeploymentRecord> records, ComposefsKarg? booted, BootEntryListing listing)
    {
        DeploymentId? bootedId = DeploymentId.TryParse(booted?.Verity, out var b) ? b : null;
        DeploymentId? stagedId = listing.Staged.FirstOrDefault()?.Deployment is { } s && s != bootedId ? s : null;
        DeploymentId? rollbackId = records
            .Where(d => d.Showable && d.Id != bootedId && d.Id != stagedId)
            .OrderBy(d => d.LivePosition)
            .Select(d => (DeploymentId?)d.Id)
            .FirstOrDefault();
        return records.Select(d => d with
        {
            Role = d.Id == bootedId ? DeploymentRole.Booted
                : d.Id == stagedId ? DeploymentRole.Staged
                : d.Id == rollbackId ? DeploymentRole.Rollback
                : DeploymentRole.Other,
        }).ToList();
    }
}
