using System.IO.Compression;
using System.Xml.Linq;
using BootcPlug.Testing;

namespace BootcPlug.Packaging.Tests;

/// <summary>
/// The library packages, made once for all tests by <c>build/package.sh libraries</c> into a temporary artifacts
/// folder.
/// </summary>
public sealed class PackagesFixture : IDisposable
{
    private readonly TempDir _artifacts = new();

    public PackagesFixture()
    {
        var environment = new Dictionary<string, string> { ["ARTIFACTS"] = _artifacts.Path };
        (ExitCode, Output) = Repository.Run(
            "bash", Repository.Root, environment, Repository.Combine("build", "package.sh"), "libraries");
        PackagesDir = _artifacts.Combine("packages");
    }

    public int ExitCode { get; }

    /// <summary>What the script printed, for failure messages.</summary>
    public string Output { get; }

    public string PackagesDir { get; }

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

    public void Dispose() => _artifacts.Dispose();
}
