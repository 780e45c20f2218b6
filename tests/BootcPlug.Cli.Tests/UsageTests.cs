using BootcPlug.Cli.Tests.Support;

namespace BootcPlug.Cli.Tests;

public sealed class UsageTests
{
    [Fact]
    public void Unknown_verb_exits_with_usage_code()
    {
        var result = CliRunner.Run("no-such-verb");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-verb", result.Stderr);
    }

    [Fact]
    public void Help_exits_zero_and_lists_global_root_option()
    {
        var result = CliRunner.Run("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--root", result.Stdout);
    }
}
