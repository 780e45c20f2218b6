using System.Collections.Concurrent;
using BootcPlug.Cli;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Demo;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootcPlug.Deployments.Tests.Support;

/// <summary>
/// A demo host (v1 rollback, v2 booted sharing v1's kernel, v3 staged) for the operator tools' tests: built once per
/// configuration, then copied for each test, which may break its copy at will. The verbs run in process through
/// <see cref="CommandLineRunner"/>, what the executable's Main calls.
/// </summary>
public sealed class OperatorHost : IDisposable
{
    private static readonly ConcurrentDictionary<string, Lazy<(TestHost Host, DemoResult Demo)>> Templates = new();

    static OperatorHost() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var template in Templates.Values.Where(t => t.IsValueCreated)) template.Value.Host.Dispose();
    };

    private OperatorHost(TestHost host, DemoResult demo)
    {
        Host = host;
        Demo = demo;
    }

    public TestHost Host { get; }
    public DemoResult Demo { get; }

    /// <summary>grub BLS, grub UKI, systemd-boot BLS, systemd-boot UKI and grub-cc.</summary>
    public static TheoryData<string, bool> Configurations => GcDoubtTests.Configurations;

    public static OperatorHost Copy(string bootloader, bool uki)
    {
        var template = Templates.GetOrAdd($"{bootloader}+{uki}", _ => new(() =>
        {
            var host = new TestHost(new HostConfig(bootloader, uki));
            return (host, DemoHost.Build(host.Paths, host.Bootloaders, uki, NullLogger.Instance));
        })).Value;
        return new OperatorHost(template.Host.Copy(), template.Demo);
    }

    public string Root => Host.Root;

    /// <summary>Runs bootcplug with the host's --root and --bootloader.</summary>
    public CliRun Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = CommandLineRunner.Run(CliApp.CreateRoot(),
            [.. args, "--root", Root, "--bootloader", Host.Config.Bootloader], stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public string ObjectPath(ObjectId id) => Path.Combine(Host.Paths.Repository, "objects", id.ToObjectPathName());

    public string ImageObject(string verity) => ObjectPath(ObjectId.ParseHex(FsVerityAlgorithm.Sha512, verity));

    public string ImageLink(string verity) => Path.Combine(Host.Paths.Repository, "images", verity);

    /// <summary>The objects an image names that no other deployment's image names.</summary>
    public IReadOnlyList<ObjectId> OnlyIn(string verity)
    {
        var others = new[] { Demo.Booted, Demo.Rollback, Demo.Staged }.Where(v => v != verity)
            .SelectMany(v => Named(v)).ToHashSet();
        return Named(verity).Where(id => !others.Contains(id)).OrderBy(id => id.ToHex(), StringComparer.Ordinal)
            .ToList();
    }

    public HashSet<ObjectId> Named(string verity) =>
        ImageObjectReferences.CollectFile(ImageObject(verity), FsVerityAlgorithm.Sha512);

    public void Dispose() => Host.Dispose();
}

public sealed record CliRun(int ExitCode, string Stdout, string Stderr);
