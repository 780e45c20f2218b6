using System.CommandLine;
using System.Text.Json;
using BootcPlug.Composefs;
using BootcPlug.Composefs.Repository;

namespace BootcPlug.Cli.Commands.Composefs;

/// <summary>
/// What every composefs verb shares: the --repo option, its default under --root, and error reporting.
/// </summary>
internal sealed class ComposefsContext(GlobalOptions globals)
{
    public Option<DirectoryInfo?> Repo { get; } = new("--repo")
    {
        Description = "The composefs repository (default: ROOT/sysroot/composefs).",
        Recursive = true,
        HelpName = "DIR",
    };

    public string RepositoryPath(ParseResult parse)
    {
        if (parse.GetValue(Repo) is { } repo) return repo.FullName;
        var root = parse.GetValue(globals.Root) ?? new DirectoryInfo("/");
        string repository = Path.Combine(root.FullName, "sysroot", "composefs");
        // A host's repository is reached from the root without following a link (a linked sysroot would aim gc
        // elsewhere).
        BootcPlug.Platform.NoFollowPaths.EnsureDirectory(root.FullName, repository);
        return repository;
    }

    /// <summary>
    /// The root of the host whose repository a verb is given, or null for a plain repository: `--root` given
    /// (without `--repo`), or a repository whose parent directory (the sysroot) holds state/deploy.
    /// </summary>
    public string? HostRoot(ParseResult parse)
    {
        string sysroot = Path.GetDirectoryName(RepositoryPath(parse))!;
        bool rootGiven = parse.GetValue(Repo) is null && parse.GetResult(globals.Root) is { Implicit: false };
        return rootGiven || Directory.Exists(Path.Combine(sysroot, "state", "deploy"))
            ? Path.GetDirectoryName(sysroot) ?? "/"
            : null;
    }

    public GlobalOptions Globals => globals;

    public static TextWriter Out(ParseResult parse) => parse.InvocationConfiguration.Output;

    public static TextWriter Error(ParseResult parse) => parse.InvocationConfiguration.Error;

    /// <summary>Runs a verb; what it throws becomes one line and an exit code in <see cref="CliFailures"/>.</summary>
    public static int Run(ParseResult parse, Func<int> action) => action();

    /// <summary>Opens the repository for a verb that changes it (an old-format repository is upgraded).</summary>
    public ComposefsRepository OpenRepository(ParseResult parse) =>
        ComposefsRepository.Open(RepositoryPath(parse), faults: globals.Platform.Faults);

    /// <summary>Opens the repository for a verb that only reads: nothing is written, not even meta.json.</summary>
    public ComposefsRepository OpenRepositoryForReading(ParseResult parse) =>
        ComposefsRepository.OpenForReading(RepositoryPath(parse));

    /// <summary>An indented JSON object written by <paramref name="writeProperties"/>.</summary>
    public static string JsonObject(Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
