using BootcPlug.Cli.Output;

namespace BootcPlug.Cli.Tests;

/// <summary>deploy's tree progress: one line at most per interval, naming the count reached.</summary>
public sealed class TreeProgressTextTests
{
    private sealed class Lines : IProgress<string>
    {
        public List<string> Written { get; } = [];

        public void Report(string value) => Written.Add(value);
    }

    [Fact]
    public void A_line_only_once_the_interval_has_passed()
    {
        var lines = new Lines();
        var progress = new TreeProgressText.Throttled(lines, TimeSpan.FromMilliseconds(200));
        for (int i = 1; i <= 1000; i++) progress.Report(i);
        Assert.Empty(lines.Written);
        Thread.Sleep(250);
        progress.Report(1001);
        progress.Report(1002);
        Assert.Equal(["deploy: 1001 files of the tree read and stored"], lines.Written);
    }

    [Fact]
    public void Nothing_when_stderr_is_not_a_terminal()
    {
        // The test host's stderr is redirected, as a pipe or a file is for bootcplug.
        Assert.True(Console.IsErrorRedirected);
        Assert.Null(TreeProgressText.OnTerminal(Console.Error));
    }
}
