using BootcPlug.Testing;

namespace BootcPlug.Packaging.Tests;

/// <summary>
/// The contract's public API baseline (src/BootcPlug.Bootloaders.Contract/PublicAPI/v&lt;major&gt;/) turns a breaking
/// change into a build error. The tests build a scratch copy of the contract, with what it needs from the repository
/// (root props, build/, the generator, the schemas), so the repository itself is never touched.
/// </summary>
public sealed class PublicApiBaselineTests(ScratchContract scratch) : IClassFixture<ScratchContract>
{
    private const string ContractDir = ScratchContract.ContractDir;

    [Fact]
    public void Deleting_a_shipped_member_or_unlisting_one_fails_the_build()
    {
        Edit("BootloaderContract.cs", """
                /// <summary>The version as written in a manifest, "major.minor".</summary>
                public const string Version = "2.0";

            """, "");
        Edit("PublicAPI/v2/PublicAPI.Shipped.txt",
            "static BootcPlug.Bootloaders.BootContext.ForRoot(string! rootDir, string? espDir = null, " +
            "string? bootloader = null) -> BootcPlug.Bootloaders.BootContext!\n", "");

        var (exitCode, output) = Build();

        Assert.NotEqual(0, exitCode);
        var errors = ErrorLines(output);
        Assert.Contains(errors, e => e.Contains("RS0017", StringComparison.Ordinal)
            && e.Contains("BootloaderContract.Version", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("RS0016", StringComparison.Ordinal)
            && e.Contains("BootContext.ForRoot", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Matches("RS001[67]", e));
    }

    [Fact]
    public void A_new_contract_major_without_its_baseline_folder_fails_the_build()
    {
        var (exitCode, output) = Build("-p:ContractVersion=3.0.0");

        Assert.NotEqual(0, exitCode);
        var error = Assert.Single(ErrorLines(output));
        Assert.Contains("BCP0001", error, StringComparison.Ordinal);
        Assert.Contains("PublicAPI/v3/", error, StringComparison.Ordinal);
    }

    private void Edit(string relative, string remove, string insert)
    {
        var path = Path.Combine(scratch.Dir[ContractDir], relative);
        var text = File.ReadAllText(path);
        Assert.Contains(remove, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(remove, insert, StringComparison.Ordinal));
    }

    private (int ExitCode, string Output) Build(params string[] properties) =>
        Repository.Run("dotnet", scratch.Dir.Path, null,
            ["build", ContractDir, "-v", "q", "--nologo", .. properties]);

    private static List<string> ErrorLines(string output) =>
        output.Split('\n').Where(line => line.Contains(": error ", StringComparison.Ordinal)).Distinct().ToList();

}

/// <summary>A scratch tree holding the contract project and what its build needs, shared by the tests of a class:
/// the generator it runs is then built once.</summary>
public sealed class ScratchContract : IDisposable
{
    public const string ContractDir = "src/BootcPlug.Bootloaders.Contract";

    public ScratchContract()
    {
        foreach (var file in new[]
                 {
                     "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json",
                     ".editorconfig",
                 })
            File.Copy(Repository.Combine(file), Dir[file]);
        foreach (var dir in new[] { "build", "schemas", "generators/BootcPlug.Generators", ContractDir })
            CopySources(Repository.Combine(dir), Dir[dir]);
    }

    public TempDir Dir { get; } = new();

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            if (Path.GetFileName(dir) is not ("bin" or "obj"))
                CopySources(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    public void Dispose() => Dir.Dispose();
}
