using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text.Json;
using System.Xml.Linq;

namespace BootcPlug.Packaging.Tests;

/// <summary>What every library package carries: metadata from build/Packaging.props, the version from
/// build/Version.props, its README and XML docs, package dependencies only, and a symbol package whose pdb links to
/// the sources of the commit it was built from.</summary>
public sealed class PackageMetadataTests(PackagesFixture packages) : IClassFixture<PackagesFixture>
{
    private const string RepositoryUrl = "https://github.com/bootcplug/bootcplug";

    private static readonly string[] Libraries =
    [
        "BootcPlug.Models",
        "BootcPlug.Bootloaders.Contract",
        "BootcPlug.Platform",
        "BootcPlug.Composefs",
        "BootcPlug.Bootloaders.Formats",
    ];

    public static TheoryData<string> LibraryIds { get; } = new(Libraries);

    /// <summary>Every package build/package.sh makes: the libraries, the generator, the template pack, the tool.
    /// </summary>
    private static readonly string[] Packages =
        [.. Libraries, "BootcPlug.Schema.Generator", "BootcPlug.Templates", "bootcplug"];

    public static TheoryData<string> PackageIds { get; } = new(Packages);

    private static string VersionOf(string id) => Repository.VersionProperty(
        id == "BootcPlug.Bootloaders.Contract" ? "ContractVersion" : "BootcPlugVersion");

    private ZipArchive Open(string id, string extension = "nupkg")
    {
        return ZipFile.OpenRead(packages.PackagePath(id, VersionOf(id), extension));
    }

    [Fact]
    public void The_script_makes_every_artifact_without_warnings_and_lists_every_package()
    {
        string log = packages.Log;
        Assert.DoesNotContain(": warning ", log, StringComparison.Ordinal);
        foreach (var id in Packages)
            Assert.Contains($"packages/{id}.{VersionOf(id)}.nupkg", log, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void Nuspec_carries_the_shared_metadata_and_the_readme(string id)
    {
        using var package = Open(id);
        var nuspec = PackagesFixture.Nuspec(package).Element("metadata")!;

        Assert.Equal(id, nuspec.Element("id")!.Value);
        Assert.Equal(VersionOf(id), nuspec.Element("version")!.Value);
        Assert.Equal("BootcPlug contributors", nuspec.Element("authors")!.Value);
        var license = nuspec.Element("license")!;
        Assert.Equal(("expression", "MIT"), (license.Attribute("type")!.Value, license.Value));
        Assert.Equal(RepositoryUrl, nuspec.Element("projectUrl")!.Value);
        var repository = nuspec.Element("repository")!;
        Assert.Equal(RepositoryUrl, repository.Attribute("url")!.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")!.Value);
        var description = nuspec.Element("description")!.Value;
        Assert.False(description is "" or "Package Description", $"{id} has no description of its own");
        Assert.Contains("bootc", nuspec.Element("tags")!.Value.Split(' '));
        Assert.Equal("README.md", nuspec.Element("readme")?.Value);
        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        Assert.StartsWith($"# {id}\n", readme.ReadToEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LibraryIds))]
    public void Package_has_its_readme_its_assembly_and_its_xml_docs(string id)
    {
        using var package = Open(id);
        var nuspec = PackagesFixture.Nuspec(package).Element("metadata")!;

        Assert.Equal("README.md", nuspec.Element("readme")?.Value);
        var readme = package.GetEntry("README.md");
        Assert.NotNull(readme);
        using (var reader = new StreamReader(readme.Open()))
            Assert.StartsWith($"# {id}\n", reader.ReadToEnd(), StringComparison.Ordinal);
        Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.dll"));
        var docs = package.GetEntry($"lib/net10.0/{id}.xml");
        Assert.NotNull(docs);
        using var docStream = docs.Open();
        Assert.NotEmpty(XDocument.Load(docStream).Descendants("member"));
    }

    [Theory]
    [MemberData(nameof(LibraryIds))]
    public void Dependencies_are_packages_that_exist_at_their_packed_version(string id)
    {
        using var package = Open(id);
        var dependencies = PackagesFixture.Nuspec(package).Descendants("dependency").ToList();
        var ours = Libraries.ToHashSet();

        foreach (var dependency in dependencies)
        {
            var dependencyId = dependency.Attribute("id")!.Value;
            var version = dependency.Attribute("version")!.Value;
            if (dependencyId.StartsWith("BootcPlug.", StringComparison.Ordinal))
            {
                // A project reference became this dependency: it must be one of the packages we publish.
                Assert.Contains(dependencyId, ours);
                Assert.Equal(VersionOf(dependencyId), version);
                Assert.True(File.Exists(packages.PackagePath(dependencyId, version)), $"{dependencyId} {version}");
            }
        }
        // Build-time tools (SourceLink, the API analyzer, the schema generator) never become dependencies.
        Assert.DoesNotContain(dependencies, d => d.Attribute("id")!.Value is "Microsoft.SourceLink.GitHub"
            or "Microsoft.CodeAnalysis.PublicApiAnalyzers" or "BootcPlug.Generators");
    }

    [Theory]
    [MemberData(nameof(LibraryIds))]
    public void Symbol_package_pdb_links_sources_to_the_packed_commit(string id)
    {
        string commit;
        using (var package = Open(id))
            commit = PackagesFixture.Nuspec(package).Descendants("repository").Single().Attribute("commit")!.Value;
        using var symbols = Open(id, "snupkg");
        var pdb = symbols.GetEntry($"lib/net10.0/{id}.pdb");
        Assert.NotNull(pdb);

        var documents = SourceLinkDocuments(pdb);

        var (localPrefix, url) = Assert.Single(documents);
        Assert.Equal("/_/*", localPrefix);
        Assert.Equal($"https://raw.githubusercontent.com/bootcplug/bootcplug/{commit}/*", url);
    }

    /// <summary>We cannot sign packages (no code-signing certificate), so <c>dotnet nuget verify</c> always ends in
    /// NU3004 "not signed"; everything else it checks (a readable package, its content hash) must pass.</summary>
    [Theory]
    [MemberData(nameof(LibraryIds))]
    public void Nuget_verify_finds_nothing_but_the_missing_signature(string id)
    {
        var (_, output) = Repository.Run("dotnet", packages.PackagesDir, null,
            "nuget", "verify", "--all", packages.PackagePath(id, VersionOf(id)));

        var findings = output.Split('\n').Where(line => line.Contains("NU", StringComparison.Ordinal)
            && (line.Contains("error", StringComparison.Ordinal) || line.Contains("warn", StringComparison.Ordinal)));
        Assert.Equal(["error: NU3004: The package is not signed."], findings.Select(line => line.Trim()));
        Assert.Contains("Content hash: ", output, StringComparison.Ordinal);
    }

    /// <summary>The "documents" map of the SourceLink JSON the compiler embedded in a portable pdb.</summary>
    private static Dictionary<string, string> SourceLinkDocuments(ZipArchiveEntry pdbEntry)
    {
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        using var copy = new MemoryStream();
        using (var stream = pdbEntry.Open())
            stream.CopyTo(copy);
        copy.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(copy);
        var reader = provider.GetMetadataReader();
        var blob = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == sourceLinkKind)
            .Select(info => reader.GetBlobBytes(info.Value))
            .SingleOrDefault();
        Assert.True(blob is not null, $"{pdbEntry.FullName} has no SourceLink");
        using var json = JsonDocument.Parse(blob);
        return json.RootElement.GetProperty("documents").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }
}
