using System.Text;
using System.Text.Json;
using BootcPlug.Models.Reports;

namespace BootcPlug.Cli.Output;

/// <summary>The GC report as text (what bootc's composefs-gc prints, per kind) or as its JSON document.</summary>
public static class GcReportText
{
    public static string Text(GcReport report)
    {
        var text = new StringBuilder();
        string verb = report.DryRun ? "would be removed" : "removed";
        if (report.DryRun) text.AppendLine("Dry run (no files deleted)");
        text.AppendLine($"Boot artifacts: {report.BootArtifacts.Count} {verb} ({report.BootArtifacts.Bytes} bytes)");
        text.AppendLine($"State dirs: {report.StateDirs.Count} {verb} ({report.StateDirs.Bytes} bytes)");
        text.AppendLine($"Tags: {report.Tags.Count} {verb}");
        text.AppendLine($"Objects: {report.Objects.Count} {verb} ({report.Objects.Bytes} bytes)");
        if (report.Leftovers.Count > 0)
            text.AppendLine(
                $"Leftover temporary files: {report.Leftovers.Count} {verb} ({report.Leftovers.Bytes} bytes)");
        if (report.ImagesPruned > 0 || report.StreamsPruned > 0)
            text.AppendLine($"Pruned symlinks: {report.ImagesPruned} images, {report.StreamsPruned} streams");
        if (report.StagedMarkerRemoved) text.AppendLine($"Stale staged-deployment marker {verb}");
        foreach (var removal in report.Removed.Where(r => r.Kind != RemovalKind.StagedMarker))
            text.AppendLine(
                $"  {(report.DryRun ? "would remove" : "removed")} {removal.Kind.ToWireName()} {removal.Path}");
        foreach (var kept in report.Kept) text.AppendLine($"  kept {kept.Path}: {kept.Reason}");
        return text.ToString();
    }

    public static string Json(GcReport report) =>
        JsonSerializer.Serialize(report, GcReportJsonContext.Default.GcReport) + "\n";
}
