using System.Text;
using System.Text.Json;
using BootcPlug.Models.Reports;

namespace BootcPlug.Cli.Output;

/// <summary>
/// The space report as a table (on a terminal with a bar per deployment: its own bytes in full blocks, what it
/// shares in light shade, scaled to the largest deployment) or as its JSON document.
/// </summary>
public static class SpaceReportText
{
    private const int BarWidth = 20;

    public static string Text(SpaceReport report, bool bars)
    {
        var text = new StringBuilder();
        text.AppendLine($"{"DEPLOYMENT",-14}{"ROLE",-10}{"UNIQUE",12}{"SHARED",12}");
        ulong largest = report.Deployments.Select(d => d.UniqueBytes + d.SharedBytes).DefaultIfEmpty(0UL).Max();
        foreach (var deployment in report.Deployments)
        {
            string id = deployment.Id.Length > 12 ? deployment.Id[..12] : deployment.Id;
            text.Append($"{id,-14}{deployment.Role,-10}{HumanSize.Of(deployment.UniqueBytes),12}"
                + $"{HumanSize.Of(deployment.SharedBytes),12}");
            if (bars) text.Append("  " + Bar(deployment.UniqueBytes, deployment.SharedBytes, largest));
            text.AppendLine();
        }
        text.AppendLine($"Repository: {HumanSize.Of(report.RepositoryBytes)} in {report.RepositoryObjects} "
            + $"objects; {HumanSize.Of(report.UnownedBytes)} of it named by no deployment");
        text.AppendLine("UNIQUE is what deleting the deployment (then gc) frees: objects only its image names, the "
            + "image, its state dir and the boot artifacts only it boots.");
        return text.ToString();
    }

    private static string Bar(ulong unique, ulong shared, ulong largest)
    {
        if (largest == 0) return "";
        int own = (int)Math.Round((double)unique / largest * BarWidth);
        int common = Math.Min(BarWidth - own, (int)Math.Round((double)shared / largest * BarWidth));
        return new string('█', own) + new string('░', common);
    }

    public static string Json(SpaceReport report) =>
        JsonSerializer.Serialize(report, SpaceReportJsonContext.Default.SpaceReport) + "\n";
}
