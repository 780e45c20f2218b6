using BootcPlug.Deployments.Operations.Fsck;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Workflows;

/// <summary>What `fsck` is asked for.</summary>
/// <param name="VerifyObjects">Compute every object's fs-verity digest (slow), not only check that it exists.</param>
public sealed record CheckHostRequest(bool VerifyObjects);

/// <summary>
/// `fsck`: checks the whole host (boot entries, artifacts and their digests, state dirs and origins, the staged
/// marker, images, objects, leftovers) and reports each problem with its file. A reader: it holds the shared lock,
/// runs no recovery and changes nothing.
/// </summary>
public sealed class CheckHost(HostContext host)
{
    public HostFsckReport Run(CheckHostRequest request, IProgress<string>? progress = null) =>
        HostFsck.Check(host.ReadInventory(), request.VerifyObjects, progress);
}
