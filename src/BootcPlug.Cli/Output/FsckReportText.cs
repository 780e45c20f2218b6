using System.Text;
using System.Text.Json;
using BootcPlug.Models.Reports;

namespace BootcPlug.Cli.Output;

/// <summary>The fsck report as text (what was checked, then one line per problem) or as its JSON document.</summary>
public static class FsckReportText
{
    public static string Text(HostFsckReport report)
    {
        var text = new StringBuilder();
        var c = report.Checked;
        text.AppendLine($"Checked {c.BootEntries} boot entries, {c.BootArtifacts} boot artifacts, "
            + $"{c.Deployments} deployments, {c.Images} images, {c.Streams} streams, {c.Objects} objects "
            + (report.ObjectsVerified ? "(every object's digest verified)" : "(objects not hashed: --verify-objects)"));
        if (report.Ok)
        {
            text.AppendLine("No problems found.");
            return text.ToString();
        }
        text.AppendLine(report.Problems.Count == 1 ? "1 problem:" : $"{report.Problems.Count} problems:");
        foreach (var problem in report.Problems)
            text.AppendLine($"  {problem.Kind.ToWireName()}: {problem.Path}: {problem.Message}");
        return text.ToString();
    }

    public static string Json(HostFsckReport report) =>
        JsonSerializer.Serialize(report, FsckReportJsonContext.Default.HostFsckReport) + "\n";
}
