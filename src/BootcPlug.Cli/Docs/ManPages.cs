using System.CommandLine;
using System.Globalization;
using System.Reflection;

namespace BootcPlug.Cli.Docs;

/// <summary>
/// Every manual page of the tree: bootcplug.1 and one per verb and sub-verb (bootcplug-composefs-gc.1).
/// </summary>
public static class ManPages
{
    /// <summary>File name (e.g. bootcplug-status.1) and roff text of each page, the root's first.</summary>
    public static IEnumerable<(string FileName, string Text)> Write(RootCommand root, DateOnly date) =>
        VerbNode.Walk(root).Select(node => (node.PageName + ".1", new ManPage(node, Version, date).Write()));

    /// <summary>The product version, without the source revision the build appends after '+'.</summary>
    public static string Version
    {
        get
        {
            string version = typeof(ManPages).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            int plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }

    /// <summary>
    /// The pages' date: SOURCE_DATE_EPOCH when set (reproducible builds give the same pages for the same source),
    /// else today (UTC).
    /// </summary>
    public static DateOnly Date(string? sourceDateEpoch) =>
        long.TryParse(sourceDateEpoch, NumberStyles.Integer, CultureInfo.InvariantCulture, out long seconds)
            ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime)
            : DateOnly.FromDateTime(DateTime.UtcNow);
}
