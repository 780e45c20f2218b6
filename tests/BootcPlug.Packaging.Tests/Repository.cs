using System.Reflection;
using BootcPlug.Testing;

namespace BootcPlug.Packaging.Tests;

/// <summary>The repository these tests were built from, and running its tools.</summary>
internal static class Repository
{
    public static string Root { get; } = Path.GetFullPath(
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!);

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The value of an MSBuild property as build/Version.props sets it.</summary>
    public static string VersionProperty(string name)
    {
        var props = System.Xml.Linq.XDocument.Load(Combine("build", "Version.props"));
        return props.Descendants(name).Single().Value;
    }

    /// <summary>Runs a program to its end, however long it takes; the result carries the exit code and
    /// stdout+stderr together.</summary>
    public static (int ExitCode, string Output) Run(string program, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var result = ExternalProgram.Run(program, workingDirectory, environment, Timeout.InfiniteTimeSpan, args);
        return (result.ExitCode, result.Stdout + result.Stderr);
    }
}
