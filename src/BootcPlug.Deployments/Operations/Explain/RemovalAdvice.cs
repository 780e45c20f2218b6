using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Explain;

/// <summary>What would remove a target, said from the chains that keep it alive.</summary>
public static class RemovalAdvice
{
    public static string For(ResolvedTarget target, IReadOnlyList<RootChain> chains, HostInventory inventory)
    {
        if (chains.Count == 0)
            return target.Kind == ChainStepKind.BootArtifact && target.Name == inventory.BootedKarg?.Verity
                ? "nothing names it, but gc keeps it: it is named after the booted deployment"
                : "it is garbage: `bootcplug gc` removes it";

        var deployments = chains.SelectMany(c => c.Steps).Where(s => s.Kind == ChainStepKind.Deployment)
            .Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList();
        var refs = chains.Select(c => c.Steps[0])
            .Where(s => s.Kind is ChainStepKind.ImageRef or ChainStepKind.StreamRef)
            .Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList();
        string? booted = inventory.BootedDeployment?.Id.Value;
        if (booted is not null && deployments.Contains(booted))
            return $"the booted deployment {booted} keeps it: nothing removes it while that deployment is booted";
        if (refs.Count > 0)
            return $"repository refs keep it ({string.Join(", ", refs)}); bootcplug removes no refs but the "
                + "localhost/bootc- tags of deleted deployments"
                + (deployments.Count > 0 ? $"; deployments keep it too: {string.Join(", ", deployments)}" : "");
        return $"`bootcplug delete-deployment {string.Join(' ', deployments)}` would remove it "
            + "(delete-deployment collects the garbage it leaves)";
    }
}
