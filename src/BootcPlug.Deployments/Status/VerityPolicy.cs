using BootcPlug.Deployments.State;

namespace BootcPlug.Deployments.Status;

/// <summary>
/// <c>missingVerityAllowed</c> as bootc reports it: the running kernel's argument (<c>composefs=?</c> in
/// /proc/cmdline) on every entry, whatever each deployment's own entry or UKI says. A host that booted no composefs
/// deployment has no such argument; then each deployment reports its own. Where a shown deployment's own argument
/// says otherwise than the reported value, <see cref="Notes"/> says so for the verbose human output.
/// </summary>
public sealed class VerityPolicy(HostInventory inventory, DeploymentBootFacts facts)
{
    private readonly Dictionary<string, string> _disagreements = new(StringComparer.Ordinal);

    public bool MissingVerityAllowed(DeploymentRecord deployment)
    {
        var own = facts.OwnKarg(deployment);
        bool ownAllowed = own?.MissingVerityAllowed ?? deployment.Entries.Any(e => e.MissingVerityAllowed);
        if (inventory.BootedKarg is not { } booted) return ownAllowed;
        if (own is not null && ownAllowed != booted.MissingVerityAllowed && deployment.Id != inventory.BootedId)
            _disagreements[deployment.Id.Value] = ownAllowed
                ? "its own composefs=? allows missing fs-verity; the value above is the booted deployment's"
                : "its own composefs= enforces fs-verity; the value above is the booted deployment's";
        return booted.MissingVerityAllowed;
    }

    /// <summary>One line for each of <paramref name="shown"/> whose own argument disagrees.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Notes(IEnumerable<string> shown) =>
        shown.Where(_disagreements.ContainsKey)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => (IReadOnlyList<string>)[_disagreements[id]], StringComparer.Ordinal);
}
