using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using BootcPlug.Testing;

namespace BootcPlug.Templates.Tests;

/// <summary><c>dotnet new bootcplug-plugin</c>: what it emits for a name, read back as files.</summary>
[Collection(nameof(TemplateHive))]
public sealed class PluginTemplateTests(TemplateHive hive) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string TemplateFolder => Dotnet.Metadata("TemplateFolder");

    /// <summary>The template's files (what dotnet new copies), relative to its folder.</summary>
    private static IEnumerable<string> TemplateFiles() =>
        Directory.EnumerateFiles(TemplateFolder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(TemplateFolder, f))
            .Where(f => !Regex.IsMatch(f, @"(^|/)(bin|obj|TestResults|\.template\.config)/"));

    private static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f));

    [Theory]
    [InlineData("Contoso.Loader", "Contoso.Loader", "contoso-loader")]
    [InlineData("Contoso", "Contoso", "contoso")]
    [InlineData("MyCompany.Boot.Loader", "MyCompany.Boot.Loader", "my-company-boot-loader")]
    [InlineData("My-App", "My_App", "my-app")]
    public void Every_name_is_substituted_in_its_form_and_nothing_of_the_sample_or_the_repository_is_left(
        string name, string ns, string pluginId)
    {
        string output = hive.Create(_dir.Path, name);

        // The same files as the template, the name given in place of Acme.Boot in their paths.
        Assert.Equal(TemplateFiles().Select(f => f.Replace("Acme.Boot", name)).Order(), Files(output).Order());
        foreach (var file in Files(output))
        {
            string text = File.ReadAllText(Path.Combine(output, file));
            foreach (var leftover in new[] { "acme", "RepoRoot", "template.config", "Directory.Build" })
                Assert.False(text.Contains(leftover, StringComparison.OrdinalIgnoreCase),
                    $"{file} contains {leftover}");
        }

        string plugin = Path.Combine(output, "src", name);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(plugin, "plugin.json")));
        Assert.Equal((pluginId, pluginId), (manifest.RootElement.GetProperty("id").GetString(),
            manifest.RootElement.GetProperty("bootloaders")[0].GetProperty("name").GetString()));
        Assert.Contains($"public const string Name = \"{pluginId}\";",
            File.ReadAllText(Path.Combine(plugin, "Bootloader.cs")));
        var project = XDocument.Load(Path.Combine(plugin, $"{name}.csproj"));
        Assert.Equal((pluginId, ns), (Property(project, "AssemblyName"), Property(project, "RootNamespace")));
        Assert.All(Directory.GetFiles(plugin, "*.cs"),
            file => Assert.Contains($"namespace {ns};", File.ReadAllText(file)));
        Assert.All(Directory.GetFiles(Path.Combine(output, "tests", $"{name}.Tests"), "*.cs"),
            file => Assert.Contains($"namespace {ns}.Tests;", File.ReadAllText(file)));
    }

    [Fact]
    public void The_projects_reference_the_contract_package_and_each_other_by_paths_that_exist()
    {
        string output = hive.Create(_dir.Path, "My-App.Loader");

        var references = Files(output).Where(f => f.EndsWith(".csproj", StringComparison.Ordinal))
            .SelectMany(f => XDocument.Load(Path.Combine(output, f)).Descendants()
                .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference")
                .Select(e => (File: f, Kind: e.Name.LocalName, Include: e.Attribute("Include")!.Value, Element: e)))
            .ToList();
        var contract = references.Where(r => r.Include == "BootcPlug.Bootloaders.Contract").ToList();
        Assert.Equal(2, contract.Count);
        Assert.All(contract, r => Assert.Equal("PackageReference", r.Kind));
        var pluginReference = contract.Single(r => r.File.StartsWith("src/", StringComparison.Ordinal));
        Assert.Equal("runtime", pluginReference.Element.Attribute("ExcludeAssets")?.Value);

        var projectReference = Assert.Single(references, r => r.Kind == "ProjectReference");
        Assert.Equal("tests/My-App.Loader.Tests/My-App.Loader.Tests.csproj", projectReference.File);
        string referenced =
            Path.GetFullPath(Path.Combine(output, "tests", "My-App.Loader.Tests", projectReference.Include));
        Assert.Equal(Path.Combine(output, "src", "My-App.Loader", "My-App.Loader.csproj"), referenced);

        var solution = XDocument.Load(Path.Combine(output, "My-App.Loader.slnx"));
        var projects = solution.Descendants("Project").Select(p => p.Attribute("Path")!.Value).ToList();
        Assert.Equal(2, projects.Count);
        Assert.All(projects, path => Assert.True(File.Exists(Path.Combine(output, path)), path));
    }

    private static string? Property(XDocument project, string name) =>
        project.Descendants(name).SingleOrDefault()?.Value;
}
