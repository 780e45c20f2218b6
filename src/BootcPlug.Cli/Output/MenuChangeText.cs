using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

namespace BootcPlug.Cli.Output;

/// <summary>
/// The lines deploy, finalize-staged, rollback and prune share: what stays in the menu and what goes.
/// </summary>
public static class MenuChangeText
{
    public static string Role(DeploymentRole role) => role switch
    {
        DeploymentRole.Booted => "booted",
        DeploymentRole.Staged => "staged",
        DeploymentRole.Rollback => "rollback",
        _ => "other",
    };

    public static string Reason(KeepReason reason) => reason switch
    {
        KeepReason.Booted => "booted",
        KeepReason.NextBoot => "next boot",
        KeepReason.Staged => "staged",
        KeepReason.Pinned => "pinned",
        _ => "within --keep",
    };

    /// <summary>"Kept in the menu: a (booted), b (pinned)", or nothing when none is kept.</summary>
    public static string Kept(IReadOnlyList<RetainedDeployment> kept) => kept.Count == 0 ? ""
        : "Kept in the menu: "
            + string.Join(", ", kept.Select(k => $"{k.Deployment.Id.Short} ({Reason(k.Reason)})")) + "\n";

    /// <summary>"Dropped from the menu: a (rollback)" and what removes the rest, or nothing.</summary>
    public static string Dropped(IReadOnlyList<DeploymentRecord> dropped, string when, bool collected)
    {
        if (dropped.Count == 0) return "";
        string list = string.Join(", ", dropped.Select(d =>
            $"{d.Id.Short} ({(d.Pinned ? "pinned, " : "")}{Role(d.Role)})"));
        return $"Dropped from the menu{when}: {list}"
            + (collected ? "\n" : "; 'bootcplug gc' removes their files\n");
    }

    /// <summary>One line of what a garbage collection freed.</summary>
    public static string Collected(GcReport gc) =>
        $"Collected: {gc.BootArtifacts.Count} boot artifacts, {gc.StateDirs.Count} state dirs, "
        + $"{gc.Objects.Count} objects ({HumanSize.Of(gc.BootArtifacts.Bytes + gc.StateDirs.Bytes + gc.Objects.Bytes)} "
        + $"freed)\n";
}
