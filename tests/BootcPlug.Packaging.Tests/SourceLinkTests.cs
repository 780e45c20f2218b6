using BootcPlug.Testing;

namespace BootcPlug.Packaging.Tests;

/// <summary>
/// Source link maps to the declared repository whatever remote a clone has, and says nothing about the remote
/// (warnings are errors here). Each case builds BootcPlug.Platform (the smallest packable library) in a fresh clone
/// of the committed repository.
/// </summary>
public sealed class SourceLinkTests
{
    [Theory]
    [InlineData("no remote", null)]
    [InlineData("a folder, as in a fresh local clone", "/srv/git/bootcplug")]
    [InlineData("the declared repository", "https://github.com/bootcplug/bootcplug")]
    public void Pdb_links_to_the_declared_repository_at_the_built_commit(string remoteCase, string? remoteUrl)
    {
        using var scratch = new TempDir();
        var clone = scratch["clone"];
        Git(scratch.Path, "clone", "--quiet", "--no-hardlinks", Repository.Root, clone);
        Git(clone, "remote", "remove", "origin");
        if (remoteUrl is not null)
            Git(clone, "remote", "add", "origin", remoteUrl);
        var commit = Git(clone, "rev-parse", "HEAD").Trim();

        var (exitCode, output) = Repository.Run("dotnet", clone, null,
            "build", "src/BootcPlug.Platform", "-c", "Release", "-v", "q", "--nologo",
            "-p:ContinuousIntegrationBuild=true");

        Assert.True(exitCode == 0, $"{remoteCase}:\n{output}");
        Assert.DoesNotContain(": warning ", output, StringComparison.Ordinal);
        var sourceLink = File.ReadAllText(Path.Combine(
            clone, "src/BootcPlug.Platform/obj/Release/net10.0/BootcPlug.Platform.sourcelink.json"));
        Assert.Equal(
            $$$"""{"documents":{"/_/*":"https://raw.githubusercontent.com/bootcplug/bootcplug/{{{commit}}}/*"}}""",
            sourceLink);
    }

    private static string Git(string workingDirectory, params string[] args)
    {
        var (exitCode, output) = Repository.Run("git", workingDirectory, null, args);
        Assert.True(exitCode == 0, $"git {string.Join(' ', args)}: {output}");
        return output;
    }
}
