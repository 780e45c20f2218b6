using BootcPlug.Deployments.State;

namespace BootcPlug.Deployments.Status;

/// <summary>
/// bootc's rule for <c>softRebootCapable</c>: a deployment other than the booted one can be entered by a soft reboot
/// when it boots the same kernel and initrd (equal boot digests), with the same command line apart from
/// <c>composefs=</c> (<see cref="KernelArguments.EqualApartFromComposefs"/>), and a compatible SELinux policy: always
/// when the host runs without SELinux, else both deployments without a policy or both with the same one.
/// Anything that cannot be told makes it not capable; a policy that cannot be read is also a warning.
/// </summary>
public sealed class SoftRebootRule
{
    private readonly HostInventory _inventory;
    private readonly DeploymentBootFacts _facts;
    private readonly DeploymentRecord _booted;
    private readonly string? _bootedDigest;
    private readonly List<string> _warnings;
    private readonly bool _selinux;
    private (bool Known, string? Hash)? _bootedPolicy;

    public SoftRebootRule(HostInventory inventory, DeploymentBootFacts facts, DeploymentRecord booted,
        List<string> warnings)
    {
        _inventory = inventory;
        _facts = facts;
        _booted = booted;
        _bootedDigest = facts.BootDigest(booted, booted.Origin?.BootDigest);
        _warnings = warnings;
        _selinux = SelinuxPolicy.Enabled(inventory.Paths);
    }

    public bool Capable(DeploymentRecord target)
    {
        if (target.Id == _booted.Id || _bootedDigest is null) return false;
        if (_facts.BootDigest(target, target.Origin?.BootDigest) != _bootedDigest) return false;
        if (_facts.CommandLine(_booted) is not { } bootedLine || _facts.CommandLine(target) is not { } targetLine)
            return false;
        if (!KernelArguments.EqualApartFromComposefs(bootedLine, targetLine)) return false;
        return !_selinux || PoliciesMatch(target);
    }

    private bool PoliciesMatch(DeploymentRecord target)
    {
        _bootedPolicy ??= Policy(_booted);
        var targetPolicy = Policy(target);
        return _bootedPolicy.Value.Known && targetPolicy.Known
            && string.Equals(_bootedPolicy.Value.Hash, targetPolicy.Hash, StringComparison.Ordinal);
    }

    private (bool Known, string? Hash) Policy(DeploymentRecord deployment)
    {
        try
        {
            return (true, SelinuxPolicy.Hash(_inventory.Paths, deployment.Id.Value));
        }
        catch (StateFileException ex)
        {
            _warnings.Add($"{ex.Message}; softRebootCapable is reported false where it depends on this policy");
            return (false, null);
        }
    }
}
