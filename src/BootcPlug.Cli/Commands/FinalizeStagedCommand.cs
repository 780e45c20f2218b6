using System.CommandLine;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments.Operations.Gc;
using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.State;

namespace BootcPlug.Cli.Commands;

/// <summary>`finalize-staged`.</summary>
public static class FinalizeStagedCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var finalize = new Command("finalize-staged",
            "Make the staged deployment the default (what shutdown does), then remove unused boot artifacts. "
            + "/etc is kept as deployed: no three-way merge.");
        finalize.SetAction(parse => HostVerb.Run(parse, globals, exclusive: true, (session, output, error) =>
        {
            var (outcome, deployment) = new FinalizeStaged(session.Paths, session.Bootloaders, session.Logger).Run(session.ReadInventory());
            switch (outcome)
            {
                case FinalizeOutcome.NothingStaged:
                    output.WriteLine("No staged deployment found");
                    return ExitCodes.Success;
                case FinalizeOutcome.DownloadOnly:
                    output.WriteLine($"Staged deployment {deployment} is download-only; not finalized");
                    return ExitCodes.Success;
            }
            output.WriteLine($"Finalized staged deployment {deployment}");
            var report = new HostGarbageCollector(session.Paths, session.Logger)
                .Run(InventoryView.Of(session.ReadInventory()), dryRun: false, artifactsOnly: true, progress: Progress.OnTerminal(error));
            output.WriteLine($"Boot artifacts: {report.BootArtifacts.Count} removed ({report.BootArtifacts.Bytes} bytes)");
            return ExitCodes.Success;
        }));
        return finalize;
    }
}
