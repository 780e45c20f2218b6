using System.CommandLine;
using System.Text.Json;
using BootcPlug.Composefs.Repository;

namespace BootcPlug.Cli.Commands.Composefs;

/// <summary>`composefs gc [--additional-root NAME]... [--dry-run] [--json]`: mark everything, then sweep.</summary>
internal static class GcVerb
{
    public static Command Create(ComposefsContext context)
    {
        var roots = new Option<string[]>("--additional-root")
        {
            Description = "Also keep this first-level images/ or streams/ entry (image hex or stream name); "
                + "repeatable.",
            AllowMultipleArgumentsPerToken = false,
            HelpName = "NAME",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Report exactly what would be removed; delete nothing.",
        };
        var json = new Option<bool>("--json") { Description = "Print the result as a JSON object." };
        var command = new Command("gc", "Remove objects no root refers to and prune broken symlinks.")
        {
            roots, dryRun, json
        };
        command.SetAction(parse => ComposefsContext.Run(parse, () =>
        {
            // A host's deployments are roots only the host GC knows (boot entries, state dirs): sweeping its
            // repository from here would delete every deployment's image.
            if (context.HostRoot(parse) is { } host)
            {
                ComposefsContext.Error(parse).WriteLine(
                    $"bootcplug: {context.RepositoryPath(parse)}: the repository of the host at {host}; "
                    + "its deployments keep objects alive that this verb cannot see, "
                    + $"so nothing was deleted: run 'bootcplug --root {host} gc'");
                return ExitCodes.Failure;
            }
            using var repository = context.OpenRepository(parse);
            var result = new RepositoryGarbageCollector(repository)
                .Run(parse.GetValue(roots) ?? [], parse.GetValue(dryRun));
            var output = ComposefsContext.Out(parse);
            if (parse.GetValue(json)) output.WriteLine(ToJson(result));
            else WriteText(output, ComposefsContext.Error(parse), result);
            return result.Errors.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

    private static void WriteText(TextWriter output, TextWriter error, GarbageCollectionResult result)
    {
        if (result.DryRun) output.WriteLine("Dry run (no files deleted):");
        output.WriteLine($"Objects: {result.ObjectsRemoved} removed ({result.BytesFreed} bytes)");
        if (result.LeftoversRemoved > 0)
            output.WriteLine(
                $"Leftover temporary files: {result.LeftoversRemoved} removed ({result.LeftoverBytesFreed} bytes)");
        if (result.ImagesPruned > 0 || result.StreamsPruned > 0)
            output.WriteLine($"Pruned symlinks: {result.ImagesPruned} images, {result.StreamsPruned} streams");
        foreach (var skipped in result.Skipped) error.WriteLine($"bootcplug: warning: {skipped}");
        foreach (var failure in result.Errors) error.WriteLine($"bootcplug: {failure}");
    }

    private static string ToJson(GarbageCollectionResult result) => ComposefsContext.JsonObject(writer =>
    {
        writer.WriteBoolean("dryRun", result.DryRun);
        writer.WriteNumber("objectsRemoved", result.ObjectsRemoved);
        writer.WriteNumber("bytesFreed", result.BytesFreed);
        writer.WriteNumber("imagesPruned", result.ImagesPruned);
        writer.WriteNumber("streamsPruned", result.StreamsPruned);
        writer.WriteNumber("objectsKept", result.ObjectsKept);
        writer.WriteNumber("leftoversRemoved", result.LeftoversRemoved);
        writer.WriteNumber("leftoverBytesFreed", result.LeftoverBytesFreed);
        WriteArray(writer, "skipped", result.Skipped);
        WriteArray(writer, "errors", result.Errors);
    });

    internal static void WriteArray(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
