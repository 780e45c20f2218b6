using System.Diagnostics;

namespace BootcPlug.Testing;

/// <summary>
/// Runs independent Debian tools as oracles (fsverity-utils, erofs-utils, attr, bootctl, grub-script-check, objcopy,
/// pefile). A missing tool or missing root fails the test under CI=true (CI installs them and runs as root) and
/// skips it otherwise (a developer's machine without them).
/// </summary>
public static class Oracle
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static bool InCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The tool's path; skips (or fails under CI) when it is not installed.</summary>
    public static string Require(string tool) => FindTool(tool) ?? Unavailable($"'{tool}' is not installed");

    public static void RequireTools(params string[] tools)
    {
        foreach (var tool in tools) Require(tool);
    }

    /// <summary>Loop and bind mounts and trusted.* xattrs need root.</summary>
    public static void RequireRoot()
    {
        if (!IsUidZero()) Unavailable("needs root (mounts, trusted.* xattrs)");
    }

    public static string? FindTool(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Concat(["/usr/bin", "/usr/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    public static Result Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(FindTool(tool) ?? tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result MustSucceed(Result result, string what)
    {
        Assert.True(result.ExitCode == 0, $"{what} failed ({result.ExitCode}): {result.Stderr}{result.Stdout}");
        return result;
    }

    private static bool IsUidZero() =>
        File.ReadAllLines("/proc/self/status")
            .Any(l => l.StartsWith("Uid:", StringComparison.Ordinal)
                && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");

    private static string Unavailable(string why)
    {
        if (InCi) Assert.Fail($"oracle unavailable under CI=true: {why} (see .ci/run)");
        Skip.If(true, why);
        return "";
    }
}
