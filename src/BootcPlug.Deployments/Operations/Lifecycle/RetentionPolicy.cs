using BootcPlug.Bootloaders;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Lifecycle;

/// <summary>A deployment the policy keeps in the menu, and the first reason that applies.</summary>
public sealed record RetainedDeployment(DeploymentRecord Deployment, KeepReason Reason);

/// <summary>What the retention policy keeps in a menu and what it drops, each in menu order.</summary>
public sealed record RetentionPlan(IReadOnlyList<RetainedDeployment> Kept, IReadOnlyList<DeploymentRecord> Dropped);

/// <summary>
/// The one rule for which deployments stay in the boot menu (prune, deploy --keep, and the plain deploy). "Oldest" is
/// "lowest in the live boot menu": the menu is the order the admin sees and the one deploy and rollback maintain (the
/// new deployment on top), so the bottom goes first. <c>--keep N</c> is the size of the menu: the booted deployment,
/// the live default (the next boot), whatever the staged set boots and pinned deployments count toward N and are never
/// dropped (so the menu can stay
/// larger than N); the slots left go to the others from the top of the menu.
/// </summary>
public static class RetentionPolicy
{
    /// <summary>prune: the live menu, trimmed to <paramref name="keep"/> deployments.</summary>
    public static RetentionPlan ForMenu(HostInventory inventory, int keep)
    {
        var live = inventory.Deployments.Where(d => d.InLive).OrderBy(d => d.LivePosition).ToList();
        var next = inventory.Entries.Live.FirstOrDefault()?.Deployment;
        return Plan(live, keep, d => d.Role == DeploymentRole.Booted ? KeepReason.Booted
            : d.Id == next ? KeepReason.NextBoot
            : d.InStaged ? KeepReason.Staged
            : d.Pinned ? KeepReason.Pinned
            : null);
    }

    /// <summary>
    /// deploy: the live deployments the new staged set carries behind the new one. <paramref name="fallback"/> (the
    /// booted deployment, or the live default when none is booted) always stays, and so do pinned deployments; with
    /// <paramref name="keep"/> the menu holds up to that many deployments, the new one included; without, none else
    /// (bootc's two-entry menu).
    /// </summary>
    public static RetentionPlan ForDeploy(HostInventory inventory, DeploymentId newDeployment, DeploymentId? fallback,
        int? keep)
    {
        var live = inventory.Deployments.Where(d => d.InLive && d.Id != newDeployment)
            .OrderBy(d => d.Id == fallback ? -1 : d.LivePosition).ToList();
        int slots = keep is { } n ? n - 1 : live.Count(d => d.Id == fallback || d.Pinned);
        return Plan(live, slots, d => d.Id == fallback ? KeepReason.Booted : d.Pinned ? KeepReason.Pinned : null);
    }

    private static RetentionPlan Plan(
        IReadOnlyList<DeploymentRecord> menu, int keep, Func<DeploymentRecord, KeepReason?> protectedReason)
    {
        var reasons = menu.Select(protectedReason).ToList();
        int slots = keep - reasons.Count(r => r is not null);
        var kept = new List<RetainedDeployment>();
        var dropped = new List<DeploymentRecord>();
        for (int i = 0; i < menu.Count; i++)
        {
            var reason = reasons[i];
            if (reason is null && slots > 0)
            {
                reason = KeepReason.WithinKeep;
                slots--;
            }
            if (reason is { } r) kept.Add(new RetainedDeployment(menu[i], r));
            else dropped.Add(menu[i]);
        }
        return new RetentionPlan(kept, dropped);
    }

    /// <summary>The live entries of the kept deployments, in menu order: what a new staged set copies.</summary>
    public static IReadOnlyList<BootEntry> LiveEntries(RetentionPlan plan) =>
        plan.Kept.SelectMany(k => k.Deployment.Entries.Where(e => e.Set == BootEntrySet.Live)
            .OrderBy(e => e.MenuPosition)).ToList();
}
