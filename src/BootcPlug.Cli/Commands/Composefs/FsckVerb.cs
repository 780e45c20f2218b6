using System.CommandLine;
using BootcPlug.Bootloaders;
using BootcPlug.Cli.Hosting;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;
using BootcPlug.Deployments.Status;

namespace BootcPlug.Cli.Commands.Composefs;

/// <summary>`composefs fsck [--json]`: verify object digests, images, streams and symlinks.</summary>
internal static class FsckVerb
{
    public static Command Create(ComposefsContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print the report as a JSON object." };
        var command = new Command("fsck",
            "Check every object's fs-verity digest, every image and stream, and every symlink.")
        {
            json
        };
        command.SetAction(parse => ComposefsContext.Run(parse, () =>
        {
            using var repository = context.OpenRepositoryForReading(parse);
            var report = RepositoryChecker.Check(repository);
            if (context.HostRoot(parse) is { } host)
                report = WithDeployments(report, HostProblems(parse, context, host, repository));
            var output = ComposefsContext.Out(parse);
            if (parse.GetValue(json)) output.WriteLine(ToJson(report));
            else WriteText(output, report);
            return report.Ok ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

    /// <summary>
    /// On a host's repository, each deployment (boot entries or state dir) whose image or objects are missing: a
    /// repository can be consistent in itself and still have lost what the host boots.
    /// </summary>
    private static IReadOnlyList<string> HostProblems(ParseResult parse, ComposefsContext context, string host,
        ComposefsRepository repository)
    {
        try
        {
            using var session = HostSession.Open(parse, context.Globals, exclusive: false, root: host);
            return DeploymentImages.Problems(session.ReadInventory(), repository);
        }
        catch (Exception e) when (e is OperationFailedException or BootFormatException or StateFileException
                                       or HostLockTimeoutException or InvalidOperationException)
        {
            return [$"{host}: cannot list the host's deployments: {e.Message}"];
        }
    }

    private static FsckReport WithDeployments(FsckReport report, IReadOnlyList<string> problems) =>
        problems.Count == 0
            ? report
            : report with
            {
                Problems = [.. report.Problems, .. problems.Select(p => new FsckProblem("deployment-image", p))],
            };

    private static void WriteText(TextWriter output, FsckReport report)
    {
        output.WriteLine("meta.json: ok");
        output.WriteLine($"objects: {report.ObjectsChecked - report.ObjectsCorrupted}/{report.ObjectsChecked} ok");
        output.WriteLine($"images: {report.ImagesChecked} checked");
        output.WriteLine($"streams: {report.StreamsChecked} checked");
        if (report.BrokenLinks > 0) output.WriteLine($"broken symlinks: {report.BrokenLinks}");
        if (report.MissingObjects > 0) output.WriteLine($"missing objects: {report.MissingObjects}");
        output.WriteLine(report.Ok ? "status: ok" : $"status: {report.Problems.Count} error(s)");
        foreach (var problem in report.Problems) output.WriteLine($"  - fsck: {problem.Type}: {problem.Message}");
    }

    private static string ToJson(FsckReport report) => ComposefsContext.JsonObject(writer =>
    {
        writer.WriteBoolean("ok", report.Ok);
        writer.WriteNumber("objectsChecked", report.ObjectsChecked);
        writer.WriteNumber("objectsCorrupted", report.ObjectsCorrupted);
        writer.WriteNumber("imagesChecked", report.ImagesChecked);
        writer.WriteNumber("streamsChecked", report.StreamsChecked);
        writer.WriteNumber("brokenLinks", report.BrokenLinks);
        writer.WriteNumber("missingObjects", report.MissingObjects);
        writer.WriteStartArray("errors");
        foreach (var problem in report.Problems)
        {
            writer.WriteStartObject();
            writer.WriteString("type", problem.Type);
            writer.WriteString("message", problem.Message);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    });
}
