using System.Diagnostics;
using System.Text.Json;
using BootcPlug.Models;
using BootcPlug.Models.Tests;

// The code of src/BootcPlug.Models/README.md, verbatim (ReadmeExamplesTests checks that every block is here), run on
// stand-in `bootc` and `bootcplug` commands that print a sample status document.
namespace ModelsReadmeExamples;

public static class BootcStatus
{
    public static Host Read(string program = "bootc", string arguments = "status --json")
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true };
        using Process process = Process.Start(start)!;
        Host host = JsonSerializer.Deserialize(process.StandardOutput.BaseStream, HostV1JsonContext.Default.Host)!;
        process.WaitForExit();
        return host;
    }
}

public sealed class ReadmeExamplesTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("bootcplug-readme-").FullName;
    private readonly string? _path = Environment.GetEnvironmentVariable("PATH");

    /// <summary>Puts `bootc` (bootc's sample document) and `bootcplug` (a demo host's status) first on PATH.</summary>
    public ReadmeExamplesTests()
    {
        StandIn("bootc", Path.Combine(AppContext.BaseDirectory, "Samples", "status-booted-staged-rollback.json"));
        StandIn("bootcplug", Path.Combine(AppContext.BaseDirectory, "Fixtures", "demo-host.json"));
        Environment.SetEnvironmentVariable("PATH", _bin + ":" + _path);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", _path);
        Directory.Delete(_bin, recursive: true);
    }

    private void StandIn(string command, string document)
    {
        string script = Path.Combine(_bin, command);
        File.WriteAllText(script, $"#!/bin/sh\nexec cat '{document}'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public void Reading_bootc_status_and_ours()
    {
        Host host = BootcStatus.Read();
        BootEntry? booted = host.Status.Booted;
        Console.WriteLine($"booted: {booted?.Image?.Image.Image} {booted?.Image?.ImageDigest}");
        Host ours = BootcStatus.Read("bootcplug", "status --format json");

        Assert.Equal(Fixture.Parse(File.ReadAllText(
            Path.Combine(AppContext.BaseDirectory, "Samples", "status-booted-staged-rollback.json"))), host);
        Assert.NotNull(booted?.Image);
        Assert.Equal(Fixture.Read("demo-host"), ours);
        Assert.NotEqual(host, ours);
    }

    [Fact]
    public void Validating_a_digest()
    {
        string input = "sha256:b49b09e675df8de7cf056ad4cca01ffe52eed5feea598965fbc5dd10a4f6526e";
        if (ImageDigest.TryParse(input, out ImageDigest digest, out string error))
            Console.WriteLine($"hex part: {digest.Hex}");
        else
            Console.Error.WriteLine($"not an image digest: {error}");

        Assert.Equal(input["sha256:".Length..], digest.Hex);
        Assert.False(ImageDigest.TryParse("sha256:00", out _, out string reason));
        Assert.Contains("64 hex digits", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_document_back()
    {
        Host host = Fixture.Read("demo-host");
        Host changed = host with { Spec = host.Spec with { BootOrder = BootOrder.Rollback } };
        string json = JsonSerializer.Serialize(changed, HostV1JsonContext.Default.Host);

        Assert.Equal("rollback", JsonDocument.Parse(json).RootElement.GetProperty("spec").GetProperty("bootOrder")
            .GetString());
        Assert.Equal(changed, Fixture.Parse(json));
        Assert.NotEqual(host, changed);
    }

    [Fact]
    public void Comparing_two_snapshots()
    {
        Host before = BootcStatus.Read();
        Host after = BootcStatus.Read();
        bool bootedChanged = before.Status.Booted != after.Status.Booted;
        Console.WriteLine(before == after ? "nothing changed" : $"changed; booted deployment too: {bootedChanged}");

        Assert.NotSame(before, after);
        Assert.True(before == after);
        Assert.False(bootedChanged);
    }
}
