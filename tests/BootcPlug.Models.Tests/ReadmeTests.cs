using System.Reflection;
using System.Text.RegularExpressions;

namespace BootcPlug.Models.Tests;

/// <summary>The package README's C# is the code that ReadmeExamples.cs runs, so the two cannot drift apart.</summary>
public sealed partial class ReadmeTests
{
    private static string RepoRoot => typeof(ReadmeTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    private static List<string> Lines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).ToList();

    public static TheoryData<int> BlockNumbers() =>
        new(Enumerable.Range(0, CSharpBlocks().Count));

    private static List<string> CSharpBlocks()
    {
        string readme = File.ReadAllText(Path.Combine(RepoRoot, "src", "BootcPlug.Models", "README.md"));
        return CSharpBlock().Matches(readme.Replace("\r\n", "\n", StringComparison.Ordinal))
            .Select(m => m.Groups[1].Value.TrimEnd('\n')).ToList();
    }

    [Fact]
    public void The_readme_shows_reading_validating_writing_and_comparing() =>
        Assert.True(CSharpBlocks().Count >= 6, $"only {CSharpBlocks().Count} C# blocks");

    [Theory]
    [MemberData(nameof(BlockNumbers))]
    public void Each_csharp_block_of_the_readme_appears_verbatim_in_the_examples(int block)
    {
        var wanted = Lines(CSharpBlocks()[block]);
        var source = Lines(File.ReadAllText(
            Path.Combine(RepoRoot, "tests", "BootcPlug.Models.Tests", "ReadmeExamples.cs")));
        bool found = Enumerable.Range(0, source.Count - wanted.Count + 1)
            .Any(start => source.Skip(start).Take(wanted.Count).SequenceEqual(wanted));
        Assert.True(found, $"README block {block} is not in ReadmeExamples.cs:\n{string.Join("\n", wanted)}");
    }
}
