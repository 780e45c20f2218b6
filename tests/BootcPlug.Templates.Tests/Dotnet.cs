using System.Reflection;
using BootcPlug.Testing;

namespace BootcPlug.Templates.Tests;

/// <summary>Runs the dotnet CLI as a user would, without the MSBuild settings of the test run around it.</summary>
internal static class Dotnet
{
    public static string Metadata(string key) =>
        typeof(Dotnet).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment,
        params string[] args)
    {
        var quiet = new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) quiet[name] = value;
        var result = ExternalProgram.Run("dotnet", workingDirectory, quiet, TimeSpan.FromMinutes(5), args);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result.Stdout;
    }
}
