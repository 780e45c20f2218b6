using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;
using BootcPlug.Deployments.Operations.Deploy;
using BootcPlug.Deployments.State;

namespace BootcPlug.Deployments.Status;

/// <summary>
/// The kernel command line and boot digest each deployment boots with, as status compares them: a Type1 entry's
/// <c>options</c>, or the <c>.cmdline</c> of the UKI its entry names; the origin's <c>[boot] digest</c>, or for a
/// UKI whose origin has none, the digest of the UKI itself (computed, never written back). Reads only.
/// </summary>
public sealed class DeploymentBootFacts
{
    private readonly Dictionary<string, BootArtifact> _ukis;

    private DeploymentBootFacts(Dictionary<string, BootArtifact> ukis) => _ukis = ukis;

    public static DeploymentBootFacts Read(HostInventory inventory)
    {
        var ukis = new Dictionary<string, BootArtifact>(StringComparer.Ordinal);
        bool anyUki = inventory.Deployments.Any(d => d.Entries.Any(e => e.BootType == BootArtifactType.Uki));
        if (anyUki && inventory.Bootloaders.Stores.TryGetValue(BootArtifactType.Uki, out var store))
            foreach (var artifact in store.ListArtifacts(inventory.Bootloaders.Context).Artifacts)
                ukis[artifact.Name] = artifact;
        return new DeploymentBootFacts(ukis);
    }

    /// <summary>The command line the deployment's first entry boots, or null when it cannot be told.</summary>
    public string? CommandLine(DeploymentRecord deployment)
    {
        var entry = deployment.Entries[0];
        return entry.BootType == BootArtifactType.Uki
            ? _ukis.GetValueOrDefault(entry.BootArtifactName)?.CommandLine
            : entry.Options;
    }

    /// <summary>The deployment's own composefs= argument, from its entry or its UKI.</summary>
    public ComposefsKarg? OwnKarg(DeploymentRecord deployment) => ComposefsKarg.Find(CommandLine(deployment));

    /// <summary>The boot digest as recorded, else (UKIs only) as computed from the UKI; null when unknown.</summary>
    public string? BootDigest(DeploymentRecord deployment, string? recorded)
    {
        if (recorded is not null) return recorded;
        var entry = deployment.Entries[0];
        if (entry.BootType != BootArtifactType.Uki || !_ukis.TryGetValue(entry.BootArtifactName, out var uki))
            return null;
        try
        {
            return BootSource.UkiBootDigest(uki.Path);
        }
        catch (Exception ex) when (ex is OperationFailedException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
