using BootcPlug.Testing;

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

    /// <summary>A root command whose only verb throws what no verb expects.</summary>
    private static System.CommandLine.RootCommand Throwing(Exception exception)
    {
        var root = new System.CommandLine.RootCommand("test");
        root.Options.Add(new System.CommandLine.Option<bool>("--verbose", "-v") { Recursive = true });
        var verb = new System.CommandLine.Command("boom");
        verb.SetAction((Func<System.CommandLine.ParseResult, int>)(_ => throw exception));
        root.Subcommands.Add(verb);
        return root;
    }

    public static IEnumerable<object[]> Unexpected =>
    [
        [new NullReferenceException("Object reference not set to an instance of an object.")],
        [new ArgumentOutOfRangeException("totalWidth", "Non-negative number required.")],
        [new InvalidCastException("first line\n\tsecond line")],
        [new System.Reflection.TargetInvocationException(Thrown(new KeyNotFoundException("no such key")))],
    ];

    /// <summary>The exception after it was thrown, so that it carries a stack trace.</summary>
    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }

    [Theory]
    [MemberData(nameof(Unexpected))]
    public void An_unexpected_exception_is_one_line_and_exit_1_with_the_trace_only_under_verbose(Exception exception)
    {
        var thrown = exception is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner
            : exception;
        string expected = "bootcplug: " + string.Join(' ',
            thrown.Message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(1, CommandLineRunner.Run(Throwing(exception), ["boom"], stdout, stderr));
        Assert.Equal(expected + "\n", stderr.ToString());

        using var verboseErr = new StringWriter();
        Assert.Equal(1, CommandLineRunner.Run(Throwing(exception), ["boom", "-v"], stdout, verboseErr));
        Assert.StartsWith(expected + "\n", verboseErr.ToString());
        Assert.Contains("   at ", verboseErr.ToString());
    }

    public static IEnumerable<object[]> Expected =>
    [
        [new Deployments.UsageException("'xyz' is not a deployment id"), 2],
        [new Deployments.OperationFailedException("Deployment 0123456789ab not found"), 1],
        [new IOException("/root/sysroot: read-only file system"), 1],
    ];

    /// <summary>The one mapper: a failure a user can cause is its message and 1 (2 for usage), with no trace even under
    /// -v.</summary>
    [Theory]
    [MemberData(nameof(Expected))]
    public void An_expected_failure_is_its_message_and_exit_code_with_no_trace(Exception exception, int exitCode)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(exitCode, CommandLineRunner.Run(Throwing(Thrown(exception)), ["boom", "-v"], stdout, stderr));
        Assert.Equal($"bootcplug: {exception.Message}\n", stderr.ToString());
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public void Several_parse_errors_give_one_line_each_and_no_hint_block()
    {
        var result = CliRunner.Run("status", "--format", "xml", "--lock-timeout", "-3", "--bootloader", "lilo");
        Assert.Equal(2, result.ExitCode);
        string[] expected =
        [
            "bootcplug: --bootloader: expected grub, systemd or grub-cc",
            "bootcplug: --format: expected json, yaml or humanreadable",
            "bootcplug: --lock-timeout: expected a number of seconds, 0 or more (got -3)",
        ];
        Assert.Equal(expected,
            result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }
}
