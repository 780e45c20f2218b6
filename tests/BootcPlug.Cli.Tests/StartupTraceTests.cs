using BootcPlug.Testing;

namespace BootcPlug.Cli.Tests;

/// <summary>BOOTCPLUG_STARTUP_TRACE=1: one stderr line per start-up phase, in order; stdout does not change.</summary>
public sealed class StartupTraceTests
{
    [Fact]
    public void Each_phase_of_a_verb_gets_one_line_in_order_and_stdout_is_unchanged()
    {
        string file = Path.Combine(Path.GetTempPath(), $"bcp-trace-{Guid.NewGuid():N}");
        File.WriteAllBytes(file, new byte[10_000]);
        try
        {
            var plain = CliRunner.Run("composefs", "digest", file);
            var traced = CliRunner.RunWithEnvironment(null,
                new Dictionary<string, string> { ["BOOTCPLUG_STARTUP_TRACE"] = "1" }, "composefs", "digest", file);

            Assert.Equal(0, traced.ExitCode);
            Assert.Equal(plain.Stdout, traced.Stdout);
            Assert.Equal("", plain.Stderr);
            var phases = traced.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => Assert.Single(System.Text.RegularExpressions.Regex.Matches(line,
                    @"^startup: (.+?) +\d+\.\d ms  \(jit: +\d+ methods, +\d+\.\d ms\)$")).Groups[1].Value)
                .ToList();
            Assert.Equal(["exec to Main", "command tree", "parse", "verb done, output flushed"], phases);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
