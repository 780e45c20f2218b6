using System.CommandLine;
using BootcPlug.Cli.Commands.Composefs;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Commands;

/// <summary>`upgrade [--check] [--erofs-version 1|2]`.</summary>
public static class UpgradeCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var check = new Option<bool>("--check")
        {
            Description = "Only say whether the image has an update; write nothing.",
        };
        var erofsVersion = ErofsVersionOption.Create();
        var command = new Command("upgrade",
            "Read the host's image again and stage a deployment of it when its manifest digest changed.")
        {
            check, erofsVersion,
        };
        command.SetAction(parse => HostVerb.Run(parse, globals, exclusive: !parse.GetValue(check),
            (session, output, error) =>
            {
                var request = new UpgradeRequest(parse.GetValue(check), ErofsVersionOption.Value(parse, erofsVersion))
                {
                    ImportProgress = ImportProgressText.OnTerminal(error),
                };
                var report = new Upgrade(session.Host).Run(request);
                if (!report.UpdateAvailable)
                {
                    output.WriteLine("No update available.");
                }
                else if (report.Staged is { } staged)
                {
                    output.Write(DeployResultText.Text(staged));
                }
                else
                {
                    output.WriteLine($"Update available: {report.Image}");
                    output.WriteLine($"  Digest: {report.Available} (deployed: {report.Current})");
                }
                return ExitCodes.Success;
            }));
        return command;
    }
}
