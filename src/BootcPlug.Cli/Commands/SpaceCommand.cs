using System.CommandLine;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Commands;

/// <summary>`space [--json]`: what each deployment holds alone and what it shares.</summary>
public static class SpaceCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var json = new Option<bool>("--json")
        {
            Description = "Print the report as a JSON document (schema: bootcplug schema print space-report).",
        };
        var space = new Command("space",
            "Show for each deployment the bytes only it holds (what deleting it would free) and the bytes it shares, "
            + "and the repository's total.")
        {
            json
        };
        space.SetAction(parse => HostVerb.Run(parse, globals, exclusive: false, (session, output, _) =>
        {
            var report = new MeasureSpace(session.Host).Run();
            output.Write(parse.GetValue(json)
                ? SpaceReportText.Json(report)
                : SpaceReportText.Text(report, bars: !Console.IsOutputRedirected));
            return ExitCodes.Success;
        }));
        return space;
    }
}
