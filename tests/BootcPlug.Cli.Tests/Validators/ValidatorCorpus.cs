namespace BootcPlug.Cli.Tests.Validators;

/// <summary>
/// Every valid document the repository holds, by shipped schema: the model fixtures, the samples, the status
/// goldens, the plugin manifests and the operator reports in Reports/ (written by the verbs on a demo host, one
/// with problems found), plus a gc report written here.
/// </summary>
internal static class ValidatorCorpus
{
    public const string GcReport = """
        {"apiVersion":"bootcplug.dev/gc-report/v1","dryRun":false,
         "bootArtifacts":{"count":1,"bytes":4096},"stateDirs":{"count":1,"bytes":0},"tags":{"count":0,"bytes":0},
         "objects":{"count":12,"bytes":123456789},"leftovers":{"count":0,"bytes":0},
         "imagesPruned":0,"streamsPruned":2,"stagedMarkerRemoved":true,
         "removed":[{"kind":"boot-artifact","path":"/boot/bootc_x","bytes":4096},
                    {"kind":"state-dir","path":"/sysroot/state/deploy/x","bytes":0},
                    {"kind":"staged-marker","path":"/run/composefs/staged-deployment","bytes":0}],
         "kept":[{"path":"/sysroot/composefs/objects/ab/cd","reason":"still named by an image"}]}
        """;

    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BootcPlug.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("no BootcPlug.sln above the test output");
        }
    }

    /// <summary>Build output (plugins/x/bin/...) holds copies; only the source tree's files count.</summary>
    private static bool IsSource(string file) =>
        !file.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    /// <summary>(schema name, file name, text) of every valid document.</summary>
    public static IReadOnlyList<(string Schema, string Name, string Text)> Documents()
    {
        var documents = new List<(string, string, string)>();
        void Add(string schema, IEnumerable<string> files)
        {
            foreach (string file in files.Where(IsSource).Order(StringComparer.Ordinal))
                documents.Add((schema, Path.GetRelativePath(RepoRoot, file), File.ReadAllText(file)));
        }
        string root = RepoRoot;
        Add("host-v1", Directory.GetFiles(Path.Combine(root, "tests/BootcPlug.Models.Tests/Fixtures"), "*.json"));
        Add("host-v1", Directory.GetFiles(Path.Combine(root, "samples"), "*.json"));
        Add("host-v1", Directory.GetFiles(Path.Combine(root, "tests/BootcPlug.Deployments.Tests/Golden"), "*.json",
            SearchOption.AllDirectories));
        Add("plugin-manifest", Directory.GetFiles(Path.Combine(root, "plugins"), "plugin.json",
            SearchOption.AllDirectories));
        Add("plugin-manifest", Directory.GetFiles(Path.Combine(root, "tests/plugins"), "plugin.json",
            SearchOption.AllDirectories));
        foreach (string file in Directory.GetFiles(Path.Combine(root, "tests/BootcPlug.Cli.Tests/Validators/Reports"),
            "*.json").Order(StringComparer.Ordinal))
        {
            string schema = Path.GetFileName(file).Split('.')[0];
            documents.Add((schema, Path.GetRelativePath(root, file), File.ReadAllText(file)));
        }
        documents.Add(("gc-report", "(gc report written in the test)", GcReport));
        return documents;
    }
}
