using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace BootcPlug.Generators.Tests.Support;

/// <summary>An AdditionalFiles item as MSBuild evaluated it: its path and the metadata the compiler sees.</summary>
internal sealed record EvaluatedSchema(string FullPath, IReadOnlyDictionary<string, string> CompilerMetadata);

/// <summary>
/// A project written the way a package consumer writes one, importing the package's build/ props and targets (as
/// NuGet does), evaluated by `dotnet msbuild -getItem`: what the compiler would be given, without building.
/// </summary>
internal static class ConsumerProject
{
    public static string PackageBuildDir => typeof(ConsumerProject).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "GeneratorBuildDir").Value!;

    public static IReadOnlyList<EvaluatedSchema> Evaluate(string directory, string items)
    {
        string props = Path.Combine(PackageBuildDir, "BootcPlug.Schema.Generator.props");
        string targets = Path.Combine(PackageBuildDir, "BootcPlug.Schema.Generator.targets");
        string project = Path.Combine(directory, "Consumer.proj");
        File.WriteAllText(project, $"""
            <Project>
              <Import Project="{props}" />
              <ItemGroup>
            {items}
              </ItemGroup>
              <Import Project="{targets}" />
            </Project>
            """);

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "msbuild", project, "-nologo", "-getItem:AdditionalFiles",
            "-getItem:CompilerVisibleItemMetadata" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "dotnet msbuild did not finish");
        Assert.True(process.ExitCode == 0, $"dotnet msbuild failed:\n{output}\n{error.Result}");

        using var document = JsonDocument.Parse(output);
        JsonElement evaluated = document.RootElement.GetProperty("Items");
        var visible = evaluated.GetProperty("CompilerVisibleItemMetadata").EnumerateArray()
            .Where(m => m.GetProperty("Identity").GetString() == "AdditionalFiles")
            .Select(m => m.GetProperty("MetadataName").GetString()!)
            .ToList();
        return evaluated.GetProperty("AdditionalFiles").EnumerateArray()
            .Select(file => new EvaluatedSchema(
                file.GetProperty("FullPath").GetString()!,
                visible.ToDictionary(
                    name => "build_metadata.AdditionalFiles." + name,
                    name => file.TryGetProperty(name, out var value) ? value.GetString()! : "")))
            .ToList();
    }
}
