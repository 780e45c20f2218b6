using System.CommandLine;
using BootcPlug.Composefs.Repository;

namespace BootcPlug.Cli.Commands.Composefs;

/// <summary>`composefs fsck [--json]`: verify object digests, images, streams and symlinks.</summary>
internal static class FsckVerb
{
    public static Command Create(ComposefsContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print the report as a JSON object." };
        var command = new Command("fsck", "Check every object's fs-verity digest, every image and stream, and every symlink.") { json };
        command.SetAction(parse => ComposefsContext.Run(parse, () =>
        {
            using var repository = context.OpenRepository(parse);
            var report = RepositoryChecker.Check(repository);
            var output = ComposefsContext.Out(parse);
            if (parse.GetValue(json)) output.WriteLine(ToJson(report));
            else WriteText(output, report);
            return report.Ok ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

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
