using System.Text.Json;

namespace BootcPlug.Packaging.Tests.EndToEnd;

/// <summary>
/// A program of someone else's: a console app, written here into a temporary folder, that references the packed
/// BootcPlug.Models package and reads <c>status --json</c> from the installed tool into the typed models.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ConsumerAppTests(PackedArtifactsFixture packed)
{
    [Fact]
    public void A_console_app_on_the_packed_models_reads_the_installed_tools_status()
    {
        var app = packed.NewFolder("status-reader");
        File.WriteAllText(Path.Combine(app, "StatusReader.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="BootcPlug.Models" Version="{packed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System.Diagnostics;
            using System.Text.Json;
            using BootcPlug.Models;

            // args: the bootcplug executable, the host root
            var start = new ProcessStartInfo(args[0]) { RedirectStandardOutput = true };
            foreach (var arg in new[] { "--root", args[1], "status", "--json" }) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            Host host = JsonSerializer.Deserialize(process.StandardOutput.BaseStream, HostV1JsonContext.Default.Host)!;
            process.WaitForExit();
            BootEntry booted = host.Status.Booted ?? throw new InvalidOperationException("nothing booted");
            ImageDigest digest = booted.Image!.ImageDigest;
            Console.WriteLine($"booted {digest}");
            Console.WriteLine($"staged {host.Status.Staged?.Image?.ImageDigest}");
            """);
        File.Copy(packed.Feed.ConfigFile, Path.Combine(app, "nuget.config"));

        var run = packed.DotnetIn(app, "run", "--", Path.Combine(packed.ToolPath, "bootcplug"), packed.DemoHost);
        Assert.True(run.ExitCode == 0, run.Describe());

        var status = packed.Tool("--root", packed.DemoHost, "status", "--json").Succeeded();
        using var printed = JsonDocument.Parse(status.Stdout);
        string Digest(string slot) => printed.RootElement.GetProperty("status").GetProperty(slot)
            .GetProperty("image").GetProperty("imageDigest").GetString()!;
        Assert.StartsWith("sha256:", Digest("booted"), StringComparison.Ordinal);
        Assert.Equal([$"booted {Digest("booted")}", $"staged {Digest("staged")}"],
            run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray());
    }
}
