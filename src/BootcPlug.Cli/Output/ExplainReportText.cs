using System.Text;
using System.Text.Json;
using BootcPlug.Models.Reports;

namespace BootcPlug.Cli.Output;

/// <summary>The `gc --explain` answer as text (each chain, root first) or as its JSON document.</summary>
public static class ExplainReportText
{
    public static string Text(GcExplainReport report)
    {
        var text = new StringBuilder();
        var target = report.Target;
        text.AppendLine($"{Label(target.Kind)} {target.Path}");
        if (!report.Live) text.AppendLine("Nothing keeps it alive.");
        else
            text.AppendLine(report.Chains.Count == 1
                ? "Kept alive by 1 chain (root first):"
                : $"Kept alive by {report.Chains.Count} chains (root first):");
        for (int i = 0; i < report.Chains.Count; i++)
        {
            text.AppendLine($"  {i + 1}.");
            foreach (var step in report.Chains[i].Steps)
                text.AppendLine($"     {Label(step.Kind),-13} {step.Path ?? step.Name}");
        }
        text.AppendLine($"Removal: {report.Removal}");
        return text.ToString();
    }

    private static string Label(ChainStepKind kind) => kind.ToWireName().Replace('-', ' ');

    public static string Json(GcExplainReport report) =>
        JsonSerializer.Serialize(report, ExplainReportJsonContext.Default.GcExplainReport) + "\n";
}
