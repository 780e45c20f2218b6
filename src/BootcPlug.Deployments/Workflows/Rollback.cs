using BootcPlug.Bootloaders;
using BootcPlug.Deployments.State;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Deployments.Workflows;

/// <summary>What a rollback changed.</summary>
/// <param name="NextBoot">The deployment that boots next.</param>
/// <param name="Reverted">True when a queued rollback was undone (the booted deployment is the default again).</param>
/// <param name="DiscardedStaged">The staged update that was dropped, if any.</param>
public sealed record RollbackReport(DeploymentId NextBoot, bool Reverted, DeploymentId? DiscardedStaged)
{
    /// <summary>The deployment that was the menu's default before; it stays in the menu, behind the new one.</summary>
    public DeploymentId? PreviousDefault { get; init; }

    /// <summary>True when the new default's boot counter had run out and was given its tries back (systemd-boot
    /// would otherwise sort it last and boot something else).</summary>
    public bool CounterReset { get; init; }
}

/// <summary>
/// `rollback`: makes the rollback deployment the default, with any number of entries (the others keep their
/// order), or, when a rollback is already queued, makes the booted deployment the default again. A staged update
/// would override the choice at shutdown, so it is discarded, as bootc does. Entries keep their boot counters
/// (systemd's <c>+LEFT-DONE</c>) through the reorder, except a new default whose counter ran out, which gets its
/// tries back.
/// </summary>
public sealed class Rollback(HostContext host)
{
    public RollbackReport Run()
    {
        host.Recover();
        var inventory = host.ReadInventory();
        var live = inventory.Entries.Live;
        // Without a booted deployment, the live menu's default stands for it.
        var current = inventory.BootedDeployment ?? (live.Count > 0 ? Named(inventory, live[0]) : null)
            ?? throw new OperationFailedException("No rollback available: there are no boot entries");
        bool queued = live[0].Deployment != current.Id;
        var target = queued
            ? current
            : RollbackOf(inventory, current) ?? throw new OperationFailedException("No rollback available");

        using var scope = host.Logger.BeginScope(
            new Dictionary<string, object> { ["Operation"] = "rollback", ["Deployment"] = target.Id.Value });
        DeploymentId? discarded = null;
        var menu = host.Bootloaders.Menu;
        if (inventory.Entries.Staged.Count > 0 || inventory.Marker is not null)
        {
            discarded = inventory.Marker?.Deployment ?? inventory.StagedPrimary?.Id;
            StagedMarker.Delete(host.Paths.StagedMarker, host.Bootloaders.Platform.Files);
            host.Bootloaders.Platform.Faults.Reached("rollback.marker-removed");
            menu.ClearStaged(host.Bootloaders.Context);
            host.Bootloaders.Platform.Faults.Reached("rollback.staged-cleared");
        }

        var order = live.Where(e => e.Deployment == target.Id)
            .Concat(live.Where(e => e.Deployment != target.Id))
            .ToList();
        menu.Reorder(host.Bootloaders.Context, order);
        host.Bootloaders.Platform.Faults.Reached("rollback.reordered");
        host.Logger.LogInformation("Next boot: {Deployment}", target.Id.Value);
        return new RollbackReport(target.Id, queued, discarded)
        {
            PreviousDefault = live[0].Deployment == target.Id ? null : live[0].Deployment,
            CounterReset = live.FirstOrDefault(e => e.Deployment == target.Id)?.TriesLeft == 0,
        };
    }

    /// <summary>The deployment an entry boots.</summary>
    private static DeploymentRecord? Named(HostInventory inventory, BootEntry entry) =>
        inventory.Find(entry.Deployment);

    /// <summary>
    /// The inventory's rollback; on a host that booted none, the next showable deployment after the default.
    /// </summary>
    private static DeploymentRecord? RollbackOf(HostInventory inventory, DeploymentRecord current) =>
        current.Role == DeploymentRole.Booted
            ? inventory.RollbackDeployment
            : inventory.Deployments.Where(d => d.Showable && d.Id != current.Id && d.Role != DeploymentRole.Staged)
                .OrderBy(d => d.LivePosition).FirstOrDefault();
}
