using BootcPlug.Composefs;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.Operations.Space;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Workflows;

/// <summary>
/// `space`: for each deployment, the bytes only it holds (what deleting it would free) and the bytes it shares, and
/// the repository's total. A reader: it changes nothing.
/// </summary>
public sealed class MeasureSpace(HostContext host)
{
    public SpaceReport Run()
    {
        var inventory = host.ReadInventory();
        if (!Directory.Exists(host.Paths.Repository)) return SpaceMeter.Measure(inventory, null);
        try
        {
            using var repository = ComposefsRepository.OpenForReading(host.Paths.Repository);
            return SpaceMeter.Measure(inventory, repository);
        }
        catch (ComposefsFormatException e)
        {
            throw new OperationFailedException($"{host.Paths.Repository}: cannot open the repository: {e.Message}", e);
        }
    }
}
