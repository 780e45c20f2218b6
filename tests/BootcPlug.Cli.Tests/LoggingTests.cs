using System.Reflection;
using System.Text.Json.Nodes;
using BootcPlug.Cli.Hosting;
using BootcPlug.Testing;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Cli.Tests;

public class LoggingTests
{
    [Fact]
    public void Without_verbose_only_warnings_and_errors_are_logged()
    {
        var error = new StringWriter();
        var logger = CliLogging.Create(verbose: false, "text", error);
        logger.LogDebug("detail {Path}", "/a");
        logger.LogInformation("Deleted deployment {Deployment}", "abc");
        logger.LogWarning("{Problem}; nothing done", "marker unreadable");
        Assert.Equal("warn: marker unreadable; nothing done\n", error.ToString());
    }

    [Fact]
    public void Verbose_adds_information_and_debug_detail()
    {
        var error = new StringWriter();
        var logger = CliLogging.Create(verbose: true, "text", error);
        logger.LogDebug("detail {Path}", "/a");
        logger.LogInformation("Deleted deployment {Deployment}", "abc");
        Assert.Equal("dbug: detail /a\ninfo: Deleted deployment abc\n", error.ToString());
    }

    [Fact]
    public void Json_lines_carry_the_message_values_and_every_scope_value_as_members()
    {
        var error = new StringWriter();
        var logger = CliLogging.Create(verbose: true, "json", error);
        using (logger.BeginScope(new Dictionary<string, object> { ["Operation"] = "gc", ["DryRun"] = true }))
        using (logger.BeginScope(new Dictionary<string, string> { ["Host"] = "/sysroot" }))
            logger.LogInformation("Removed {Count} objects from {Path}", 3, "/objects");
        logger.LogWarning("after the scope");

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var first = JsonNode.Parse(lines[0])!.AsObject();
        Assert.True(DateTimeOffset.TryParse((string?)first["timestamp"], out _));
        Assert.Equal("information", (string?)first["level"]);
        Assert.Equal("Removed 3 objects from /objects", (string?)first["message"]);
        Assert.Equal(3, (int)first["Count"]!);
        Assert.Equal("/objects", (string?)first["Path"]);
        Assert.Equal("/sysroot", (string?)first["Host"]);
        Assert.Equal("gc", (string?)first["Operation"]);
        Assert.True((bool)first["DryRun"]!);
        Assert.False(first.ContainsKey("{OriginalFormat}"));
        var second = JsonNode.Parse(lines[1])!.AsObject();
        Assert.Equal("warning", (string?)second["level"]);
        Assert.False(second.ContainsKey("Operation"), "a disposed scope still shows");
    }

    [Fact]
    public void Version_alone_prints_the_informational_version_as_System_CommandLine_did()
    {
        var result = CliRunner.Run("--version");
        Assert.Equal(0, result.ExitCode);
        string expected = typeof(CliApp).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(expected + "\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }
}
