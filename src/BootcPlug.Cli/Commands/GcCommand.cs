using System.CommandLine;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Commands;

/// <summary>`gc [--dry-run] [--json]`.</summary>
public static class GcCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Report what would be removed, and remove nothing.",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print the report as a JSON document (schema: bootcplug schema print gc-report).",
        };
        var explain = GcExplainOption.Create();
        var gc = new Command("gc",
            "Remove what no boot entry keeps alive: boot artifacts, state dirs, bootc tags, repository objects.")
        {
            dryRun, json, explain
        };
        gc.SetAction(parse => parse.GetValue(explain) is { } target
            ? GcExplainOption.Run(parse, globals, target, parse.GetValue(json))
            : HostVerb.Run(parse, globals, exclusive: !parse.GetValue(dryRun),
            (session, output, error) =>
        {
            var report = new CollectGarbage(session.Host)
                .Run(new CollectGarbageRequest(parse.GetValue(dryRun)), Progress.OnTerminal(error));
            output.Write(parse.GetValue(json) ? GcReportText.Json(report) : GcReportText.Text(report));
            return ExitCodes.Success;
        }));
        return gc;
    }
}
