using System.Diagnostics;

namespace BootcPlug.Composefs.Tests.Support;

/// <summary>
/// Runs independent Debian tools (fsverity-utils, erofs-utils, attr, the kernel's EROFS driver). When a tool or
/// root is missing the test fails under CI=true and is skipped otherwise.
/// </summary>
public static class Oracle
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void RequireTools(params string[] tools)
    {
        foreach (var tool in tools)
            if (FindTool(tool) is null) Unavailable($"'{tool}' is not installed");
    }

    public static void RequireRoot()
    {
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root" && !IsUidZero())
            Unavailable("needs root (loop mount, trusted.* xattrs)");
    }

    private static bool IsUidZero() => File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:") && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");

    private static void Unavailable(string why)
    {
        if (InCi) Assert.Fail($"oracle unavailable under CI=true: {why}");
        Skip.If(true, why);
    }

    public static string? FindTool(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Concat(["/usr/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

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
}
