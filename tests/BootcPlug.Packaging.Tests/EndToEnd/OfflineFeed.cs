namespace BootcPlug.Packaging.Tests.EndToEnd;

/// <summary>
/// A NuGet setup that sees only what was packed and what this machine already has, and writes nowhere shared: its
/// sources are the artifacts' package folder and the machine's package cache read as a plain folder source, with
/// every BootcPlug id mapped to the artifacts only (an older copy in the cache can never stand in for it), and its
/// own empty package cache (NUGET_PACKAGES), so our same-version packages never land in the machine's.
/// </summary>
public sealed class OfflineFeed
{
    private OfflineFeed(string configFile, IReadOnlyDictionary<string, string> environment)
    {
        ConfigFile = configFile;
        Environment = environment;
    }

    /// <summary>The nuget.config to pass as <c>--configfile</c> or to copy next to a project.</summary>
    public string ConfigFile { get; }

    /// <summary>Variables every dotnet command of the test runs with.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public static OfflineFeed Create(string folder, string packagesFolder)
    {
        Directory.CreateDirectory(folder);
        var machineCache = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
            ? cache
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile),
                ".nuget", "packages");
        var configFile = Path.Combine(folder, "nuget.config");
        File.WriteAllText(configFile, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="artifacts" value="{packagesFolder}" />
                <add key="machine-cache" value="{machineCache}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="artifacts">
                  <package pattern="bootcplug" />
                  <package pattern="BootcPlug.*" />
                </packageSource>
                <packageSource key="machine-cache">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        var environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(folder, "packages"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
        return new OfflineFeed(configFile, environment);
    }
}
