using System.Text;
using BootcPlug.Bootloaders;

namespace Acme.Boot;

/// <summary>
/// The boot menus on disk: a folder <c>ESP/acme-boot</c> holding <c>menu</c> (the live set) and <c>menu.staged</c>,
/// one entry a line, default first: <c>&lt;deployment id&gt; &lt;bls|uki&gt; &lt;artifact name&gt; &lt;title&gt;</c>.
/// </summary>
internal static class MenuFiles
{
    public static string Folder(BootContext context) => System.IO.Path.Combine(context.EspDir, Bootloader.Name);

    public static string Path(BootContext context, BootEntrySet set) =>
        System.IO.Path.Combine(Folder(context), set == BootEntrySet.Live ? "menu" : "menu.staged");

    public static string Line(BootEntry entry) =>
        Line(entry.Deployment, entry.BootType, entry.BootArtifactName, entry.Title ?? "");

    public static string Line(DeploymentId deployment, BootArtifactType type, string artifact, string title) =>
        $"{deployment.Value} {(type == BootArtifactType.Uki ? "uki" : "bls")} {artifact} {title.Replace('\n', ' ')}";

    /// <summary>Reads one set; a line that cannot be read goes to <paramref name="problems"/>, the others are
    /// listed.</summary>
    public static List<BootEntry> Read(BootContext context, BootEntrySet set, List<BootProblem> problems)
    {
        var path = Path(context, set);
        if (!File.Exists(path)) return [];
        var entries = new List<BootEntry>();
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var parts = lines[i].Split(' ', 4);
            if (parts.Length < 3 || parts[1] is not ("bls" or "uki") || parts[2].Length == 0 || parts[2].Contains('/'))
            {
                problems.Add(new BootProblem(path, i + 1, "expected '<deployment id> <bls|uki> <artifact> <title>'"));
                continue;
            }
            if (!DeploymentId.TryParse(parts[0], out var deployment))
            {
                problems.Add(new BootProblem(path, i + 1, $"'{parts[0]}' is not a deployment id"));
                continue;
            }
            var type = parts[1] == "uki" ? BootArtifactType.Uki : BootArtifactType.Bls;
            entries.Add(new BootEntry(deployment, parts[2], set, entries.Count, type, deployment.Value, path)
            {
                Title = parts.ElementAtOrDefault(3),
            });
        }
        return entries;
    }

    /// <summary>Reads a set before changing anything: a bad line stops the change.</summary>
    public static List<BootEntry> ReadStrict(BootContext context, BootEntrySet set)
    {
        var problems = new List<BootProblem>();
        var entries = Read(context, set, problems);
        if (problems.Count > 0)
            throw new BootFormatException(problems[0].FilePath, problems[0].Line, problems[0].Message);
        return entries;
    }

    public static void Write(BootContext context, BootEntrySet set, IEnumerable<string> lines) =>
        DurableFile.Replace(Path(context, set), Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
}
