using System.Diagnostics;

namespace BootcPlug.Plugins.Tests.Support;

/// <summary>
/// Runs the independent tools of oracles.md. A missing tool fails the test when CI=true (CI installs them), and skips
/// it otherwise (a developer's machine without them).
/// </summary>
public static class Oracle
{
    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>Returns the tool's path, or skips/fails when it is missing.</summary>
    public static string Require(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            var path = Path.Combine(dir, tool);
            if (File.Exists(path)) return path;
        }
        if (InCi) Assert.Fail($"{tool} is not installed, and CI=true requires every oracle (see .ci/run)");
        Skip.If(true, $"{tool} is not installed");
        return "";
    }

    /// <summary>Skips (or fails under CI) unless running as root, which bind mounts need.</summary>
    public static void RequireRoot()
    {
        if (Environment.UserName == "root") return;
        if (InCi) Assert.Fail("the oracle tests need root (CI runs as root)");
        Skip.If(true, "not root");
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// <c>bootctl --json=short list</c> on a plain directory standing in for the ESP: a bind mount of it onto itself in a
    /// private mount namespace, with the ESP checks relaxed (oracles.md §1).
    /// </summary>
    public static (int ExitCode, string Stdout, string Stderr) BootctlList(string esp)
    {
        Require("bootctl");
        Require("unshare");
        RequireRoot();
        return Run("unshare", "-m", "sh", "-c",
            "mount --bind \"$0\" \"$0\" && SYSTEMD_RELAX_ESP_CHECKS=1 exec bootctl --no-pager --esp-path=\"$0\" --boot-path=\"$0\" --json=short list",
            Path.GetFullPath(esp));
    }
}
