using System.CommandLine;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Commands;

/// <summary>`prune --keep N [--dry-run] [--json]`.</summary>
public static class PruneCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var keep = new Option<int>("--keep")
        {
            Description = "How many deployments the boot menu keeps; the booted, staged and pinned ones count "
                + "toward N and always stay.",
            HelpName = "N",
            Required = true,
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Report what would be removed, and change nothing.",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print the report as a JSON document (schema: bootcplug schema print prune-report).",
        };
        var prune = new Command("prune",
            "Remove the oldest deployments (the bottom of the boot menu) beyond N, then garbage-collect.")
        {
            keep, dryRun, json,
        };
        prune.SetAction(parse => HostVerb.Run(parse, globals, exclusive: !parse.GetValue(dryRun),
            (session, output, error) =>
        {
            var report = new Prune(session.Host)
                .Run(new PruneRequest(parse.GetValue(keep), parse.GetValue(dryRun)), Progress.OnTerminal(error));
            output.Write(parse.GetValue(json) ? PruneReportText.Json(report) : PruneReportText.Text(report));
            return ExitCodes.Success;
        }));
        return prune;
    }
}
