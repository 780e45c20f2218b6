using System.Text;
using System.Text.Json;
using BootcPlug.Models.Reports;

namespace BootcPlug.Cli.Output;

/// <summary>The prune report as text or as its JSON document (schema prune-report).</summary>
public static class PruneReportText
{
    public static string Text(PruneReport report)
    {
        var text = new StringBuilder();
        if (report.DryRun) text.AppendLine("Dry run (nothing changed)");
        foreach (var kept in report.Kept)
            text.AppendLine($"Kept {kept.Id[..12]} ({MenuChangeText.Reason(kept.Reason)})");
        foreach (var removed in report.Removed)
            text.AppendLine($"{(report.DryRun ? "Would remove" : "Removed")} {removed.Role.ToWireName()} deployment "
                + $"{removed.Id} from the menu ({removed.LiveEntries} entries)");
        if (report.Removed.Count == 0) text.AppendLine($"Nothing to remove: the menu keeps {report.Kept.Count} "
            + $"deployments (--keep {report.Keep})");
        var c = report.Collected;
        text.AppendLine($"{(report.DryRun ? "Would collect" : "Collected")}: {c.BootArtifacts} boot artifacts, "
            + $"{c.StateDirs} state dirs, {c.Objects} objects ({HumanSize.Of(c.Bytes)})");
        return text.ToString();
    }

    public static string Json(PruneReport report) =>
        JsonSerializer.Serialize(report, PruneReportJsonContext.Default.PruneReport) + "\n";
}
