using System.CommandLine;
using BootcPlug.Cli.Commands.Composefs;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Commands;

/// <summary>`switch IMAGE [--erofs-version 1|2]`.</summary>
public static class SwitchCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var image = new Argument<string>("IMAGE")
        {
            Description = "The image to follow from now on: oci:DIR[:TAG|@DIGEST] or oci-archive:FILE[:TAG].",
        };
        var erofsVersion = ErofsVersionOption.Create();
        var command = new Command("switch",
            "Follow another container image: stage a deployment of it (upgrade then reads this image).")
        {
            image, erofsVersion,
        };
        command.SetAction(parse => HostVerb.Run(parse, globals, exclusive: true, (session, output, error) =>
        {
            var request = new SwitchRequest(ImageSourceArgument.Parse(parse.GetValue(image)!, "IMAGE"),
                ErofsVersionOption.Value(parse, erofsVersion))
            {
                ImportProgress = ImportProgressText.OnTerminal(error),
            };
            output.Write(DeployResultText.Text(new SwitchImage(session.Host).Run(request)));
            return ExitCodes.Success;
        }));
        return command;
    }
}
