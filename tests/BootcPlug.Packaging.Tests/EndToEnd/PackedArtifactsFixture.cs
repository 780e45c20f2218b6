using System.Diagnostics;
using BootcPlug.Testing;

namespace BootcPlug.Packaging.Tests.EndToEnd;

/// <summary>
/// The whole path from the packed artifacts only, set up once: the packages and the single-file binary that
/// <c>build/package.sh</c> made (<see cref="SharedArtifacts"/>); the tool is installed from the packed tool package
/// into a temporary tool path over the <see cref="OfflineFeed"/>, and lays out a demo host. Nothing here references
/// the repository's projects.
/// </summary>
public sealed class PackedArtifactsFixture : IDisposable
{
    private readonly TempDir _work = new();

    public PackedArtifactsFixture()
    {
        var clock = Stopwatch.StartNew();
        Version = Repository.VersionProperty("BootcPlugVersion");
        Artifacts = SharedArtifacts.Path;
        PackagingTime = SharedArtifacts.PackagingTime;

        Feed = OfflineFeed.Create(_work.Combine("nuget"), Path.Combine(Artifacts, "packages"));
        ToolPath = _work.Combine("tool");
        // The artifacts feed comes from the config file: --add-source cannot be combined with its source mapping.
        Dotnet("tool", "install", "bootcplug", "--version", Version, "--tool-path", ToolPath,
            "--configfile", Feed.ConfigFile).Succeeded();
        DemoHost = _work.Combine("demo-host");
        Tool("demo", DemoHost).Succeeded();
        SetupTime = clock.Elapsed;
    }

    /// <summary>BootcPlugVersion from build/Version.props: the version of the tool and the libraries.</summary>
    public string Version { get; }

    public string Artifacts { get; }

    public OfflineFeed Feed { get; }

    /// <summary>The <c>--tool-path</c> folder the tool was installed into.</summary>
    public string ToolPath { get; }

    /// <summary>A demo host (booted, rollback and staged deployments) laid out by the installed tool.</summary>
    public string DemoHost { get; }

    /// <summary>The self-contained single-file build, with the bundled plugins beside it.</summary>
    public string Binary => Path.Combine(Artifacts, "bin", "linux-x64", "bootcplug");

    /// <summary>How long packing took (zero when reused), and packing, installing and the demo together.</summary>
    public TimeSpan PackagingTime { get; }

    public TimeSpan SetupTime { get; }

    /// <summary>A fresh folder under the fixture's temporary folder.</summary>
    public string NewFolder(string name)
    {
        var path = _work.Combine(name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs the installed tool's command, as a user would after <c>dotnet tool install</c>.</summary>
    public ProgramResult Tool(params string[] arguments) =>
        ExternalProgram.Run(Path.Combine(ToolPath, "bootcplug"), _work.Path, Feed.Environment, arguments);

    public ProgramResult RunBinary(params string[] arguments) =>
        ExternalProgram.Run(Binary, _work.Path, Feed.Environment, arguments);

    public ProgramResult Dotnet(params string[] arguments) =>
        DotnetIn(_work.Path, arguments);

    public ProgramResult DotnetIn(string workingDirectory, params string[] arguments) =>
        ExternalProgram.Run("dotnet", workingDirectory, Feed.Environment, arguments);

    public void Dispose() => _work.Dispose();
}
