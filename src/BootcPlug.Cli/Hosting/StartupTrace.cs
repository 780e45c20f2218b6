using System.Diagnostics;
using System.Runtime;

namespace BootcPlug.Cli.Hosting;

/// <summary>
/// With BOOTCPLUG_STARTUP_TRACE=1 in the environment, prints on stderr how long each start-up phase took (from the
/// process's start, read from /proc/self/stat, then phase by phase), so that benchmarks/README.md's breakdown can be
/// re-measured. Otherwise every call is a no-op that costs one static field test.
/// </summary>
public static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("BOOTCPLUG_STARTUP_TRACE") == "1";
    private static long _last = Stopwatch.GetTimestamp();
    private static long _lastJitted;
    private static TimeSpan _lastJitTime;

    /// <summary>Marks the end of <paramref name="phase"/>: prints the milliseconds since the last mark.</summary>
    public static void Mark(string phase)
    {
        if (!Enabled) return;
        long now = Stopwatch.GetTimestamp();
        double ms = Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds;
        // The JIT's share: methods compiled in the phase (ReadyToRun code that was used as is is not counted).
        long jitted = JitInfo.GetCompiledMethodCount();
        var jitTime = JitInfo.GetCompilationTime();
        Console.Error.WriteLine($"startup: {phase,-28} {ms,8:F1} ms  (jit: {jitted - _lastJitted,5} methods, "
            + $"{(jitTime - _lastJitTime).TotalMilliseconds,6:F1} ms)");
        Restart();
    }

    /// <summary>The next phase starts after the trace's own line (the first costs ~20 ms of console set-up).</summary>
    private static void Restart()
    {
        _lastJitted = JitInfo.GetCompiledMethodCount();
        _lastJitTime = JitInfo.GetCompilationTime();
        _last = Stopwatch.GetTimestamp();
    }

    /// <summary>The first mark, in Main: the time from the process's start (exec) to Main.</summary>
    public static void MainEntered()
    {
        if (!Enabled) return;
        long jitted = JitInfo.GetCompiledMethodCount();
        double jitMs = JitInfo.GetCompilationTime().TotalMilliseconds;
        Console.Error.WriteLine($"startup: {"exec to Main",-28} {SinceProcessStartMs(),8:F1} ms  (jit: {jitted,5} "
            + $"methods, {jitMs,6:F1} ms)");
        Restart();
    }

    /// <summary>Milliseconds since the kernel started this process (/proc/self/stat field 22, clock ticks).</summary>
    private static double SinceProcessStartMs()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double startSeconds = double.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture) / 100.0;
        double uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0],
            System.Globalization.CultureInfo.InvariantCulture);
        return (uptime - startSeconds) * 1000;
    }
}
