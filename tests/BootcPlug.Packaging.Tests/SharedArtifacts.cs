using System.Diagnostics;
using BootcPlug.Testing;

namespace BootcPlug.Packaging.Tests;

/// <summary>
/// The one artifacts folder every packaging test reads: the folder <see cref="ReuseVariable"/> names (build/test.sh
/// runs <c>build/package.sh</c> once before the suite and passes it on), or else one made here by
/// <c>build/package.sh</c>, once per test run, into a temporary folder removed when the process ends.
/// </summary>
public static class SharedArtifacts
{
    /// <summary>An artifacts folder made by build/package.sh, to test instead of packing afresh.</summary>
    public const string ReuseVariable = "BOOTCPLUG_TEST_ARTIFACTS";

    private static readonly Lazy<Made> Folder = new(Make);

    /// <summary>The artifacts folder: packages/, bin/linux-x64/, man/, completions/.</summary>
    public static string Path => Folder.Value.Path;

    /// <summary>How long this process spent making the artifacts (zero when they were made before).</summary>
    public static TimeSpan PackagingTime => Folder.Value.Time;

    private static Made Make()
    {
        if (Environment.GetEnvironmentVariable(ReuseVariable) is { Length: > 0 } reuse)
            return new Made(System.IO.Path.GetFullPath(reuse), TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        var temp = new TempDir();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => temp.Dispose();
        string artifacts = temp.Combine("artifacts");
        var (exitCode, output) = Repository.Run("bash", Repository.Root,
            new Dictionary<string, string> { ["ARTIFACTS"] = artifacts }, Repository.Combine("build", "package.sh"));
        if (exitCode != 0) throw new InvalidOperationException($"build/package.sh failed ({exitCode}):\n{output}");
        return new Made(artifacts, clock.Elapsed);
    }

    private sealed record Made(string Path, TimeSpan Time);
}
