using System.Xml.Linq;
using BootcPlug.Testing;

namespace BootcPlug.Templates.Tests;

/// <summary>What the template emits builds and passes its own tests outside the repository, with nothing of ours
/// but the contract package, packed here into a local feed (the end-to-end test does the same from the released
/// packages).</summary>
[Collection(nameof(TemplateHive))]
public sealed class StandaloneBuildTests(TemplateHive hive) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_emitted_solution_builds_against_the_contract_package_and_its_tests_pass()
    {
        string output = hive.Create(_dir.Path, "Contoso.Loader");
        string version = XDocument.Load(Path.Combine(output, "src", "Contoso.Loader", "Contoso.Loader.csproj"))
            .Descendants("PackageReference").Single().Attribute("Version")!.Value;

        // Packed with its own artifacts path, so the repository's build output is left alone; the version is the one
        // the template asks for (the repository build checks it against build/Version.props).
        Dotnet.Run(_dir.Path, null, "pack", Dotnet.Metadata("ContractProject"), "-o", _dir["feed"],
            "--artifacts-path", _dir["contract-build"], $"-p:Version={version}", "-v", "q");
        File.WriteAllText(Path.Combine(output, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="contract" value="{_dir["feed"]}" />
              </packageSources>
            </configuration>
            """);
        // A private package cache: the locally packed contract must not land in the user's.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = _dir["packages"] };

        string test = Dotnet.Run(output, environment, "test", "Contoso.Loader.slnx");
        Assert.Matches(@"Passed!\s+- Failed:\s+0, Passed:\s+[1-9]", test);
        string bin = Path.Combine(output, "src", "Contoso.Loader", "bin", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(bin, "contoso-loader.dll")));
        Assert.True(File.Exists(Path.Combine(bin, "plugin.json")));
        Assert.False(File.Exists(Path.Combine(bin, "BootcPlug.Bootloaders.Contract.dll")));
    }
}
