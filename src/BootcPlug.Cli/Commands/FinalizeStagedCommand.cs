using System.CommandLine;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments;
using BootcPlug.Deployments.Workflows;

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
            var report = new FinalizeStaged(session.Host).Run(Progress.OnTerminal(error));
            switch (report.Outcome)
            {
                case FinalizeOutcome.NothingStaged:
                    output.WriteLine("No staged deployment found");
                    return ExitCodes.Success;
                case FinalizeOutcome.DownloadOnly:
                    output.WriteLine($"Staged deployment {report.Deployment} is download-only; not finalized");
                    return ExitCodes.Success;
            }
            output.WriteLine($"Finalized staged deployment {report.Deployment}");
            output.WriteLine($"Next boot: {report.Deployment!.Value.Short}"
                + (report.Kept.Count > 0 ? $", then {string.Join(", ", report.Kept.Select(k => k.Short))}" : ""));
            output.Write(MenuChangeText.Dropped(report.Dropped, "", collected: false));
            if (report.GcRefusal is not null) throw new OperationFailedException(report.GcRefusal);
            if (report.Gc is { } gc)
                output.WriteLine(
                    $"Boot artifacts: {gc.BootArtifacts.Count} removed ({HumanSize.Of(gc.BootArtifacts.Bytes)})");
            return ExitCodes.Success;
        }));
        return finalize;
    }
}
