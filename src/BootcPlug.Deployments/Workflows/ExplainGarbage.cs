using BootcPlug.Composefs;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.Operations.Explain;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Workflows;

/// <summary>
/// `gc --explain TARGET`: why the GC keeps something (every chain from a root to it) or that it is garbage, and what
/// would remove it. A reader over the same roots as the GC; it changes nothing.
/// </summary>
public sealed class ExplainGarbage(HostContext host)
{
    public const string ReportApiVersion = "bootcplug.dev/explain-report/v1";

    public GcExplainReport Run(string target)
    {
        var inventory = host.ReadInventory();
        using var repository = Directory.Exists(host.Paths.Repository) ? Open(host.Paths.Repository) : null;
        var resolved = ResolvedTarget.Resolve(target, inventory, repository);
        var chains = ChainWalker.Chains(inventory, repository, resolved);
        return new GcExplainReport
        {
            ApiVersion = ReportApiVersion,
            Target = new ExplainTarget
            {
                Kind = resolved.Kind, Name = resolved.Name, Path = resolved.Path,
            },
            Live = chains.Count > 0,
            Chains = chains,
            Removal = RemovalAdvice.For(resolved, chains, inventory),
        };
    }

    private static ComposefsRepository Open(string path)
    {
        try
        {
            return ComposefsRepository.OpenForReading(path);
        }
        catch (ComposefsFormatException e)
        {
            throw new OperationFailedException($"{path}: cannot open the repository: {e.Message}", e);
        }
    }
}
