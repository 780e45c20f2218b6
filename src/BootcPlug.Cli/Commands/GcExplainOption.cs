using System.CommandLine;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Commands;

/// <summary>`gc --explain TARGET [--json]`: why the GC keeps TARGET, or that it is garbage. Reads only.</summary>
public static class GcExplainOption
{
    public static Option<string?> Create() => new("--explain")
    {
        Description = "Do not collect: say which root chains keep TARGET alive (an object digest or path, an image, "
            + "a kernel dir or UKI, a state dir), or that it is garbage and what would remove it.",
        HelpName = "TARGET",
    };

    public static int Run(ParseResult parse, GlobalOptions globals, string target, bool json) =>
        HostVerb.Run(parse, globals, exclusive: false, (session, output, _) =>
        {
            var report = new ExplainGarbage(session.Host).Run(target);
            output.Write(json ? ExplainReportText.Json(report) : ExplainReportText.Text(report));
            return ExitCodes.Success;
        });
}
