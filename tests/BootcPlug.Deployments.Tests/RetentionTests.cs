using System.Text.Json;
using System.Text.Json.Nodes;
using BootcPlug.Cli.Schemas;
using BootcPlug.Demo;
using BootcPlug.Deployments.State;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// pin, unpin, prune --keep and deploy --keep through the real CLI on every bootloader configuration, with the menu
/// and the state dirs checked after each step, and the prune report validated against its schema.
/// </summary>
public sealed class RetentionTests
{
    public static TheoryData<string, bool> Configurations => ParityHost.AllConfigurations;

    private static string Short(string id) => id[..12];

    private static string Deploy(TestHost host, int version, params string[] extra)
    {
        var release = new DemoRelease(version, $"k-{version}");
        var result = host.Cli(["deploy", "--rootfs", host.Tree(release), "--image-ref", release.ImageRef, .. extra]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout.Split('\n')[0];
    }

    private static string Ok(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Pinned_deployments_stay_through_deploy_and_prune_and_dropped_ones_are_named(string bootloader,
        bool uki)
    {
        using var host = new TestHost(new HostConfig(bootloader, uki));
        string v1 = Deploy(host, 1);
        host.BootInto(v1);
        string v2 = Deploy(host, 2);
        host.BootInto(v2);

        // A plain deploy keeps bootc's two entries and says which one it dropped.
        var third = host.Cli("deploy", "--rootfs", host.Tree(new DemoRelease(3, "k-3")));
        string v3 = Ok(third).Split('\n')[0];
        Assert.Contains($"Dropped from the menu: {Short(v1)} (rollback)", third.Stdout);
        Assert.Contains($"Kept in the menu: {Short(v2)} (booted)", third.Stdout);
        Assert.Equal([v3, v2], host.Live.Select(e => e.Deployment.Value));
        host.BootInto(v3);

        // Pinned: status says so, and the next deploy keeps it as a third entry.
        Assert.Contains($"Pinned deployment {v2}", Ok(host.Cli("pin", Short(v2))));
        Assert.Contains("is already pinned", Ok(host.Cli("pin", v2)));
        Assert.True(File.Exists(PinMarker.PathOf(host.Paths, Bootloaders.DeploymentId.Parse(v2))));
        var status = host.Status();
        Assert.True(status.Status.Rollback!.Pinned);
        Assert.False(status.Status.Booted!.Pinned);
        Assert.Contains("Pinned: yes", host.Human());
        string v4 = Deploy(host, 4);
        Assert.Equal([v4, v3, v2], host.Live.Select(e => e.Deployment.Value));
        host.BootInto(v4);
        Assert.Equal(v2, Assert.Single(host.Status().Status.OtherDeployments).Verity());

        // delete-deployment refuses a pinned deployment.
        var delete = host.Cli("delete-deployment", v2);
        Assert.Equal(1, delete.ExitCode);
        Assert.Contains("is pinned", delete.Stderr);

        // prune --keep 1: a dry run reports (valid against the schema) and changes nothing; the real run drops v3.
        var validator = DocumentValidator.FromText(ShippedSchemas.Read("prune-report")!, "prune-report");
        var before = DiskSnapshot.Take(host.Root, "run/bootcplug.lock");
        string dry = Ok(host.Cli("prune", "--keep", "1", "--dry-run", "--json"));
        DiskSnapshot.AssertUnchanged(before, host.Root, "run/bootcplug.lock");
        using (var document = JsonDocument.Parse(dry)) Assert.Empty(validator.Validate(document.RootElement));
        string real = Ok(host.Cli("prune", "--keep", "1", "--json"));
        using (var document = JsonDocument.Parse(real)) Assert.Empty(validator.Validate(document.RootElement));
        var node = JsonNode.Parse(real)!;
        Assert.Equal("bootcplug.dev/prune-report/v1", (string?)node["apiVersion"]);
        Assert.Equal([v4, v2], node["kept"]!.AsArray().Select(k => (string?)k!["id"]));
        Assert.Equal(["booted", "pinned"], node["kept"]!.AsArray().Select(k => (string?)k!["reason"]));
        Assert.Equal(v3, (string?)Assert.Single(node["removed"]!.AsArray())!["id"]);
        // v1's state dir (dropped by the plain deploy, never collected) and v3's.
        Assert.Equal(2, (int)node["collected"]!["stateDirs"]!);
        var dryNode = JsonNode.Parse(dry)!;
        Assert.True(JsonNode.DeepEquals(dryNode["removed"], node["removed"]));
        Assert.True(JsonNode.DeepEquals(dryNode["collected"], node["collected"]));
        Assert.Equal([v4, v2], host.Live.Select(e => e.Deployment.Value));
        Assert.Equal(new[] { v2, v4 }.Order(), host.StateDirs);

        // Unpinned, the next prune removes it too; a second prune has nothing left to do.
        Assert.Contains($"Unpinned deployment {v2}", Ok(host.Cli("unpin", Short(v2))));
        Assert.Contains($"Removed rollback deployment {v2}", Ok(host.Cli("prune", "--keep", "1")));
        Assert.Equal([v4], host.Live.Select(e => e.Deployment.Value));
        Assert.Equal([v4], host.StateDirs);
        Assert.Contains("Nothing to remove", Ok(host.Cli("prune", "--keep", "1")));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Deploy_keep_keeps_the_newest_n_and_collects_the_rest(string bootloader, bool uki)
    {
        using var host = new TestHost(new HostConfig(bootloader, uki));
        var ids = new List<string>();
        for (int version = 1; version <= 4; version++)
        {
            ids.Add(Deploy(host, version, "--keep", "3"));
            host.BootInto(ids[^1]);
        }
        Assert.Equal([ids[3], ids[2], ids[1]], host.Live.Select(e => e.Deployment.Value));
        Assert.Equal(new[] { ids[1], ids[2], ids[3] }.Order(), host.StateDirs);
        var status = host.Status();
        Assert.Equal(ids[2], status.Status.Rollback.Verity());
        Assert.Equal(ids[1], Assert.Single(status.Status.OtherDeployments).Verity());

        // A staged deploy with --keep 2 names what finalize will drop.
        var staged = host.Cli("deploy", "--rootfs", host.Tree(new DemoRelease(5, "k-5")), "--stage", "--keep", "2");
        Assert.Contains($"Dropped from the menu at finalize: {Short(ids[2])} (rollback), {Short(ids[1])} (other)",
            Ok(staged));
        var finalize = Ok(host.Cli("finalize-staged"));
        Assert.Contains($"Dropped from the menu: {Short(ids[2])} (rollback), {Short(ids[1])} (other)", finalize);
    }

    [Fact]
    public void Prune_keep_must_be_at_least_one()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        var result = host.Cli("prune", "--keep", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("keep at least 1", result.Stderr);
    }
}
