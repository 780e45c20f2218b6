using System.CommandLine;
using System.Text.Json;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments.Workflows;
using BootcPlug.Models;

namespace BootcPlug.Cli.Commands;

/// <summary>`status`: bootc's status document as JSON, YAML or text.</summary>
public static class StatusCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var format = new Option<string?>("--format")
        {
            Description = "Output format (default: humanreadable on a terminal, yaml otherwise).",
        };
        format.OneOf("json", "yaml", "humanreadable");
        var json = new Option<bool>("--json") { Description = "Same as --format json." };
        var booted = new Option<bool>("--booted")
        {
            Description = "Only the booted deployment (and other pinned ones): no staged or rollback.",
        };
        var formatVersion = new Option<int>("--format-version")
        {
            Description = "Document version: 0 and 1 both mean v1.",
            HelpName = "N",
            DefaultValueFactory = _ => 1,
        };

        var status = new Command("status", "Show the booted, staged, rollback and other deployments.")
        {
            format, json, booted, formatVersion
        };
        status.SetAction(parse => HostVerb.Run(parse, globals, exclusive: false, (session, output, error) =>
        {
            int version = parse.GetValue(formatVersion);
            if (version is not (0 or 1)) throw new Deployments.UsageException($"Unsupported format version: {version}");

            var report = new ReadStatus(session.Host).Run();
            foreach (var warning in report.Warnings) error.WriteLine($"warning: {warning}");

            Host document = report.Document;
            if (parse.GetValue(booted))
                document = document with { Status = document.Status with { Staged = null, Rollback = null } };

            string chosen = parse.GetValue(format)
                ?? (parse.GetValue(json) ? "json" : Console.IsOutputRedirected ? "yaml" : "humanreadable");
            if (chosen == "humanreadable")
            {
                output.Write(NextBootHeader.Write(report.Document, report.NextBoot)
                    + HumanStatus.Write(document, parse.GetValue(globals.Verbose), report.BootloaderName,
                    report.Notes)
                    + HumanStatus.Warnings(report.Warnings));
                return ExitCodes.Success;
            }
            // JSON and YAML carry the same document: serialize once, then write it in the chosen form.
            using var tree = JsonSerializer.SerializeToDocument(document, HostV1JsonContext.Default.Host);
            output.Write(chosen == "json"
                ? CanonicalJson.Write(tree.RootElement) + "\n"
                : JsonYaml.Write(tree.RootElement));
            return ExitCodes.Success;
        }));
        return status;
    }
}
