using BootcPlug.Generators.Tests.Support;
using Xunit.Sdk;

namespace BootcPlug.Generators.Tests;

public sealed class SnapshotTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bootcplug-snapshots-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Mismatch_fails_with_a_line_diff_and_writes_the_received_file()
    {
        Directory.CreateDirectory(Path.Combine(_root, "case"));
        File.WriteAllText(Path.Combine(_root, "case", "A.g.cs.txt"), "line one\nline two\nline three\n");
        var error = Assert.Throws<FailException>(() =>
            Snapshot.Match("case", new Dictionary<string, string> { ["A.g.cs"] = "line one\nline 2\nline three\n" },
                _root, update: false));
        Assert.Contains("A.g.cs differs from its golden file", error.Message);
        Assert.Contains("    2 - line two", error.Message);
        Assert.Contains("    2 + line 2", error.Message);
        Assert.Equal("line one\nline 2\nline three\n",
            File.ReadAllText(Path.Combine(_root, "case", "A.g.cs.received.txt")));
    }

    [Fact]
    public void Missing_and_extra_files_are_named()
    {
        Directory.CreateDirectory(Path.Combine(_root, "case"));
        File.WriteAllText(Path.Combine(_root, "case", "Old.g.cs.txt"), "x");
        var error = Assert.Throws<FailException>(() =>
            Snapshot.Match("case", new Dictionary<string, string> { ["New.g.cs"] = "y" }, _root, update: false));
        Assert.Contains("not generated any more: Old.g.cs", error.Message);
        Assert.Contains("generated but has no golden file: New.g.cs", error.Message);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("1", null, true)]
    [InlineData("1", "false", true)]
    [InlineData("0", "true", false)]
    [InlineData(null, "true", false)]
    public void Updates_happen_only_when_asked_for_outside_CI(string? update, string? ci, bool expected) =>
        Assert.Equal(expected, Snapshot.ShouldUpdate(update, ci));

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    public void An_update_asked_for_under_CI_is_refused(string ci)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Snapshot.ShouldUpdate("1", ci));
        Assert.Contains("refused under CI", error.Message);
    }
}
