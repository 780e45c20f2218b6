using BootcPlug.Bootloaders;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Demo;
using BootcPlug.Deployments.Operations.Deploy;
using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.State;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Deployments.Workflows;
using BootcPlug.Models.Reports;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// Every verb in process through its workflow (what the CLI calls), on each configuration: typed requests in,
/// typed reports out, and the roles the inventory gives the demo host's deployments.
/// </summary>
public sealed class WorkflowTests
{
    public static TheoryData<string, bool> Configurations => LifecycleTests.Configurations;

    private static (TestHost Host, DemoResult Demo) Demo(string bootloader, bool uki)
    {
        var host = new TestHost(new HostConfig(bootloader, uki));
        return (host, DemoHost.Build(host.Paths, host.Bootloaders, uki, NullLogger.Instance));
    }

    private static DeploymentId Id(string verity) => DeploymentId.Parse(verity);

    [Theory]
    [MemberData(nameof(Configurations))]
    public void The_inventory_gives_each_deployment_one_role(string bootloader, bool uki)
    {
        var (host, demo) = Demo(bootloader, uki);
        using var _ = host;
        var inventory = host.Inventory();
        Assert.Equal(DeploymentRole.Booted, inventory.Find(Id(demo.Booted))!.Role);
        Assert.Equal(DeploymentRole.Staged, inventory.Find(Id(demo.Staged))!.Role);
        Assert.Equal(DeploymentRole.Rollback, inventory.Find(Id(demo.Rollback))!.Role);
        Assert.Equal(Id(demo.Staged), inventory.StagedDeployment?.Id);
        Assert.Equal(Id(demo.Rollback), inventory.RollbackDeployment?.Id);
        Assert.Empty(inventory.OtherShowable);

        var status = new ReadStatus(host.Context).Run().Document.Status;
        Assert.Equal(demo.Staged, status.Staged.Verity());
        Assert.Equal(demo.Rollback, status.Rollback.Verity());
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Delete_reports_what_it_unlinked_and_the_gc_its_dry_run_planned(string bootloader, bool uki)
    {
        var (host, demo) = Demo(bootloader, uki);
        using var _ = host;
        var before = DiskSnapshot.Take(host.Root, ".demo-trees");
        var dry = host.Delete(dryRun: true, collectGarbage: true, demo.Rollback[..DeploymentIdPrefix.MinimumLength]);
        Convergence.AssertSameTree(before, DiskSnapshot.Take(host.Root, ".demo-trees"), "a dry run changed the disk");

        var real = host.Delete(dryRun: false, collectGarbage: true, demo.Rollback);
        var deleted = Assert.Single(real.Deleted);
        Assert.Equal(Id(demo.Rollback), deleted.Id);
        Assert.Equal("rollback", deleted.Kind);
        Assert.Equal((1, 0, false), (deleted.LiveEntries, deleted.StagedEntries, deleted.MarkerRemoved));
        Assert.Equal(Assert.Single(dry.Deleted), deleted);
        Assert.True(dry.Gc!.DryRun);
        Assert.False(real.Gc!.DryRun);
        // The dry run printed the plan the real run executed.
        Assert.Equal(Removals(dry.Gc), Removals(real.Gc));
        Assert.Equal(dry.Gc.Objects.Count, real.Gc.Objects.Count);
        Assert.Contains(real.Gc.Removed,
            r => r.Kind == RemovalKind.StateDir && r.Path == host.Paths.StateDir(demo.Rollback));
        Assert.DoesNotContain(demo.Rollback, host.StateDirs);
        Assert.DoesNotContain(demo.Rollback, host.Images);
        Assert.Null(host.Inventory().Find(Id(demo.Rollback)));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Delete_without_gc_only_unlinks_and_a_second_run_names_it_already_unlinked(string bootloader, bool uki)
    {
        var (host, demo) = Demo(bootloader, uki);
        using var _ = host;
        var first = host.Delete(dryRun: false, collectGarbage: false, demo.Staged);
        Assert.Null(first.Gc);
        Assert.Equal("staged", Assert.Single(first.Deleted).Kind);
        Assert.True(first.Deleted[0].MarkerRemoved);
        Assert.Contains(demo.Staged, host.StateDirs);

        var second = host.Delete(dryRun: false, collectGarbage: true, demo.Staged);
        Assert.Empty(second.Deleted);
        Assert.Equal([Id(demo.Staged)], second.AlreadyUnlinked);
        Assert.DoesNotContain(demo.Staged, host.StateDirs);
    }

    [Fact]
    public void Delete_refuses_the_booted_deployment_and_a_malformed_id()
    {
        var (host, demo) = Demo("grub", false);
        using var _ = host;
        var refused = Assert.Throws<OperationFailedException>(
            () => host.Delete(dryRun: false, collectGarbage: true, demo.Booted));
        Assert.Equal($"Cannot delete currently booted deployment {demo.Booted}", refused.Message);
        Assert.Throws<UsageException>(() => DeploymentIdPrefix.Parse(demo.Booted[..11]));
        Assert.Throws<UsageException>(() => DeploymentIdPrefix.Parse(demo.Booted.ToUpperInvariant()));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Gc_dry_run_reports_the_plan_the_real_run_executes(string bootloader, bool uki)
    {
        var (host, demo) = Demo(bootloader, uki);
        using var _ = host;
        host.Delete(dryRun: false, collectGarbage: false, demo.Rollback);
        var dry = new CollectGarbage(host.Context).Run(new CollectGarbageRequest(DryRun: true));
        var real = new CollectGarbage(host.Context).Run(new CollectGarbageRequest(DryRun: false));
        Assert.NotEmpty(dry.Removed);
        Assert.Equal(Removals(dry), Removals(real));
        Assert.Equal((dry.Objects.Count, dry.Objects.Bytes), (real.Objects.Count, real.Objects.Bytes));
        Assert.Empty(new CollectGarbage(host.Context).Run(new CollectGarbageRequest(DryRun: false)).Removed);
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Finalize_reports_the_staged_deployment_and_the_artifacts_it_freed(string bootloader, bool uki)
    {
        var (host, demo) = Demo(bootloader, uki);
        using var _ = host;
        var report = new FinalizeStaged(host.Context).Run();
        Assert.Equal(FinalizeOutcome.Finalized, report.Outcome);
        Assert.Equal(Id(demo.Staged), report.Deployment);
        Assert.Null(report.GcRefusal);
        // Type1: v1's kernel dir is v2's too; UKIs: v1's own goes with its entry.
        Assert.Equal(uki ? 1ul : 0ul, report.Gc!.BootArtifacts.Count);
        Assert.Equal(new[] { demo.Staged, demo.Booted }, host.Live.Select(e => e.Deployment.Value));

        Assert.Equal(FinalizeOutcome.NothingStaged, new FinalizeStaged(host.Context).Run().Outcome);
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Rollback_reports_the_next_boot_and_the_discarded_update(string bootloader, bool uki)
    {
        var (host, demo) = Demo(bootloader, uki);
        using var _ = host;
        var report = new Rollback(host.Context).Run();
        Assert.Equal(new RollbackReport(Id(demo.Rollback), Reverted: false, Id(demo.Staged))
            {
                PreviousDefault = Id(demo.Booted),
            },
            report);
        Assert.Equal(new RollbackReport(Id(demo.Booted), Reverted: true, null) { PreviousDefault = Id(demo.Rollback) },
            new Rollback(host.Context).Run());
    }

    [Fact]
    public void Deploy_returns_a_typed_id_the_inventory_finds_as_staged()
    {
        using var host = new TestHost(new HostConfig("systemd", false));
        string first = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(first);
        var result = new Deploy(host.Context)
            .Run(new DeployRequest(host.Tree(new DemoRelease(2, "k-two")), Stage: true, [], null));
        Assert.True(result.Staged);
        Assert.Equal(DeploymentRole.Staged, host.Inventory().Find(result.Id)?.Role);
        Assert.Equal(result.Id, host.Inventory().StagedDeployment?.Id);
    }

    [Fact]
    public void A_deployment_id_converts_to_the_repository_object_id_and_the_status_digest()
    {
        var sha512 = DeploymentId.Parse(new string('a', 128));
        var sha256 = DeploymentId.Parse(new string('b', 64));
        Assert.Equal(FsVerityAlgorithm.Sha512, sha512.ToObjectId().Algorithm);
        Assert.Equal(FsVerityAlgorithm.Sha256, sha256.ToObjectId().Algorithm);
        Assert.Equal(sha512, sha512.ToObjectId().ToDeploymentId());
        Assert.Equal(sha256.Value, sha256.ToFsVerityDigest().Value);
    }

    private static List<(RemovalKind, string, ulong)> Removals(GcReport report) =>
        report.Removed.Select(r => (r.Kind, r.Path, r.Bytes)).ToList();
}
