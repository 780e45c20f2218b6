using System.Text.Json;
using BootcPlug.Bootloaders;
using BootcPlug.Cli.Schemas;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// `gc --explain` and `space` on every bootloader configuration: the chains name the real entry files, a garbage
/// object is said to be garbage, and what `space` says a deployment holds alone is exactly what deleting it frees.
/// </summary>
public sealed class ExplainAndSpaceTests
{
    public static TheoryData<string, bool> Configurations => OperatorHost.Configurations;

    private static readonly DocumentValidator ExplainSchema =
        DocumentValidator.FromText(ShippedSchemas.Read("explain-report")!, "explain-report");

    private static readonly DocumentValidator SpaceSchema =
        DocumentValidator.FromText(ShippedSchemas.Read("space-report")!, "space-report");

    private static GcExplainReport Explain(OperatorHost host, string target)
    {
        var result = host.Run("gc", "--explain", target, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using (var document = JsonDocument.Parse(result.Stdout))
            Assert.Empty(ExplainSchema.Validate(document.RootElement));
        return JsonSerializer.Deserialize(result.Stdout, ExplainReportJsonContext.Default.GcExplainReport)!;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Explain_names_every_chain_to_an_object_and_what_would_remove_it(string bootloader, bool uki)
    {
        using var host = OperatorHost.Copy(bootloader, uki);
        byte[] garbage = [.. "an object nothing names"u8];
        var id = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, garbage);
        Directory.CreateDirectory(Path.GetDirectoryName(host.ObjectPath(id))!);
        File.WriteAllBytes(host.ObjectPath(id), garbage);
        var before = DiskSnapshot.Take(host.Root);
        var demo = host.Demo;
        var inventory = host.Host.Inventory();
        var only = host.OnlyIn(demo.Rollback)[0];

        // By digest and by path, the same answer: the rollback's live entry → deployment → image → object.
        var report = Explain(host, only.ToHex());
        Assert.Equal(report, Explain(host, host.ObjectPath(only)));
        Assert.True(report.Live);
        var rollbackEntries = inventory.Entries.All.Where(e => e.Deployment.Value == demo.Rollback).ToList();
        Assert.Equal(rollbackEntries.Select(e => e.SourcePath).Order(), report.Chains.Select(c => c.Steps[0].Path!)
            .Order());
        var chain = report.Chains[0];
        Assert.Equal(new[] { ChainStepKind.BootEntry, ChainStepKind.Deployment, ChainStepKind.Image,
            ChainStepKind.Object }, chain.Steps.Select(s => s.Kind));
        Assert.Equal(demo.Rollback, chain.Steps[1].Name);
        Assert.Equal(host.ImageLink(demo.Rollback), chain.Steps[2].Path);
        Assert.Contains($"delete-deployment {demo.Rollback}", report.Removal);

        // An object every deployment names is kept by the booted one: nothing removes it.
        var common = host.Named(demo.Booted).Intersect(host.Named(demo.Rollback)).Intersect(host.Named(demo.Staged))
            .First();
        var shared = Explain(host, common.ToHex());
        Assert.True(shared.Chains.Count >= 3);
        Assert.Contains($"the booted deployment {demo.Booted} keeps it", shared.Removal);

        // The rollback's state dir and the staged deployment's boot artifact.
        var stateDir = Explain(host, host.Host.Paths.StateDir(demo.Rollback));
        Assert.Equal(ChainStepKind.StateDir, stateDir.Target.Kind);
        Assert.All(stateDir.Chains, c => Assert.Equal(ChainStepKind.StateDir, c.Steps[^1].Kind));
        Assert.Equal(rollbackEntries.Count, stateDir.Chains.Count);
        var stagedEntry = inventory.Entries.Staged[0];
        var artifact = host.Host.Bootloaders.StoreFor(stagedEntry.BootType)
            .ListArtifacts(host.Host.Bootloaders.Context).Artifacts.Single(a => a.Name == stagedEntry.BootArtifactName);
        var kernel = Explain(host, artifact.Path);
        Assert.Equal(ChainStepKind.BootArtifact, kernel.Target.Kind);
        Assert.Contains(kernel.Chains, c => c.Steps[0].Path == stagedEntry.SourcePath);

        // An object nothing names is garbage, and gc is what removes it.
        var dead = Explain(host, id.ToHex());
        Assert.False(dead.Live);
        Assert.Empty(dead.Chains);
        Assert.Contains("`bootcplug gc` removes it", dead.Removal);
        DiskSnapshot.AssertUnchanged(before, host.Root);

        var text = host.Run("gc", "--explain", host.ObjectPath(only));
        Assert.Contains($"boot entry    {rollbackEntries[0].SourcePath}", text.Stdout);
        Assert.Contains("Removal: ", text.Stdout);
        var bad = host.Run("gc", "--explain", Path.Combine(host.Root, "etc"));
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("bootcplug: --explain: ", bad.Stderr);
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Space_unique_bytes_are_what_deleting_the_deployment_frees(string bootloader, bool uki)
    {
        using var host = OperatorHost.Copy(bootloader, uki);
        var result = host.Run("space", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using (var document = JsonDocument.Parse(result.Stdout))
            Assert.Empty(SpaceSchema.Validate(document.RootElement));
        var report = JsonSerializer.Deserialize(result.Stdout, SpaceReportJsonContext.Default.SpaceReport)!;
        Assert.Equal("bootcplug.dev/space-report/v1", report.ApiVersion);
        Assert.Equal(new[] { host.Demo.Booted, host.Demo.Rollback, host.Demo.Staged }.Order(),
            report.Deployments.Select(d => d.Id).Order());
        // What no deployment names is what gc removes (the demo has no repository refs).
        Assert.Equal(host.Host.Gc(dryRun: true).Objects.Bytes, report.UnownedBytes);
        var objects = Directory.EnumerateFiles(Path.Combine(host.Host.Paths.Repository, "objects"), "*",
            SearchOption.AllDirectories).Select(f => new FileInfo(f).Length).ToList();
        Assert.Equal((ulong)objects.Sum(), report.RepositoryBytes);
        Assert.Equal((ulong)objects.Count, report.RepositoryObjects);

        // v1 and v2 share a kernel (Type1: one kernel dir; UKIs are one per deployment).
        var rollback = report.Deployments.Single(d => d.Id == host.Demo.Rollback);
        Assert.Equal("rollback", rollback.Role);
        bool sharedKernel = host.Host.Inventory().Entries.Live.First().BootType == BootArtifactType.Bls;
        Assert.Equal(sharedKernel, rollback.Unique.BootArtifacts == 0);
        Assert.True(rollback.SharedBytes > 0);

        foreach (var deployment in report.Deployments.Where(d => d.Role != "booted"))
        {
            using var copy = OperatorHost.Copy(bootloader, uki);
            var gc = copy.Host.Delete(dryRun: false, collectGarbage: true, deployment.Id).Gc!;
            // That gc also removes what was garbage already (the unowned bytes).
            Assert.Equal(deployment.UniqueBytes + report.UnownedBytes,
                gc.Objects.Bytes + gc.StateDirs.Bytes + gc.BootArtifacts.Bytes);
            Assert.Equal(deployment.Unique.StateDir, gc.StateDirs.Bytes);
            Assert.Equal(deployment.Unique.BootArtifacts, gc.BootArtifacts.Bytes);
        }

        var text = host.Run("space").Stdout;
        Assert.Contains(host.Demo.Staged[..12], text);
        Assert.Contains(" KiB", text);
        Assert.DoesNotContain("█", text);   // no bars off a terminal
    }
}
