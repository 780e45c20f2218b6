using System.CommandLine;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Commands;

/// <summary>`fsck [--json] [--verify-objects]`: check the whole host; exit 1 when a problem is found.</summary>
public static class FsckCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var json = new Option<bool>("--json")
        {
            Description = "Print the report as a JSON document (schema: bootcplug schema print fsck-report).",
        };
        var verify = new Option<bool>("--verify-objects")
        {
            Description = "Also compute every object's fs-verity digest (in parallel) and compare it with its name.",
        };
        var fsck = new Command("fsck",
            "Check the whole host, changing nothing: boot entries and their kernels or UKIs (digests included), "
            + "state dirs and origins, the staged marker, images, objects and leftovers. Exit 1 when a problem is "
            + "found.")
        {
            json, verify
        };
        fsck.SetAction(parse => HostVerb.Run(parse, globals, exclusive: false, (session, output, error) =>
        {
            var report = new CheckHost(session.Host)
                .Run(new CheckHostRequest(parse.GetValue(verify)), Progress.OnTerminal(error));
            output.Write(parse.GetValue(json) ? FsckReportText.Json(report) : FsckReportText.Text(report));
            return report.Ok ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return fsck;
    }
}
