using System.IO.Compression;
using System.Xml.Linq;

namespace BootcPlug.Packaging.Tests;

/// <summary>The packages of the shared artifacts folder (<see cref="SharedArtifacts"/>).</summary>
public sealed class PackagesFixture
{
    public string PackagesDir { get; } = Path.Combine(SharedArtifacts.Path, "packages");

    /// <summary>Everything build/package.sh printed while it made the artifacts (it keeps a copy in package.log).
    /// </summary>
    public string Log => File.ReadAllText(Path.Combine(SharedArtifacts.Path, "package.log"));

    public string PackagePath(string id, string version, string extension = "nupkg") =>
        Path.Combine(PackagesDir, $"{id}.{version}.{extension}");

    /// <summary>The nuspec of a package, with its namespace dropped so tests can use plain element names.</summary>
    public static XElement Nuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(
            e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        var root = XDocument.Load(stream).Root!;
        foreach (var element in root.DescendantsAndSelf())
            element.Name = element.Name.LocalName;
        return root;
    }
}
