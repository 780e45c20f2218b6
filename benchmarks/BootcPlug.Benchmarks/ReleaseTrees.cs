using BootcPlug.Demo;

namespace BootcPlug.Benchmarks;

/// <summary>Demo OS release trees made large, for `space` on a host whose deployments share half their files.</summary>
public static class ReleaseTrees
{
    /// <summary>
    /// DIR: the demo release VERSION (kernel, os-release) plus N files under usr/share/bench: the first half the same
    /// in every version (shared objects), the second half this version's own.
    /// </summary>
    public static int Make(string directory, int version, int count)
    {
        new DemoRelease(version, $"6.{version}.0-bench").Write(directory, uki: false);
        for (int i = 0; i < count; i++)
        {
            bool shared = i < count / 2;
            int content = shared ? i : version * 10_000_000 + i;
            string file = Path.Combine(directory, "usr/share/bench", $"d{i % 100:D2}", $"f{i}");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, DataSets.FileContent(content));
        }
        Console.WriteLine($"{directory}: release {version} with {count} files, {count / 2} shared");
        return 0;
    }
}
