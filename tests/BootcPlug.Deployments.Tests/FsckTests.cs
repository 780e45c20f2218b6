using System.Text.Json;
using System.Text.RegularExpressions;
using BootcPlug.Bootloaders;
using BootcPlug.Cli.Schemas;
using BootcPlug.Deployments.State;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// `fsck` on every bootloader configuration: a healthy demo host is clean (exit 0), and each kind of damage is found
/// (exit 1) with the file at fault named, while fsck itself changes nothing on disk.
/// </summary>
public sealed class FsckTests
{
    public enum Damage
    {
        EntryNamesMissingArtifact, ArtifactUnreadable, BootDigestDiffers, OriginMissing, ImageDigestDiffers,
        StreamUnreadable, ObjectMissing, ObjectCorrupt, StagedMarkerMissing, Leftover, UnexpectedFile,
    }

    public static TheoryData<string, bool> Configurations => OperatorHost.Configurations;

    public static TheoryData<string, bool, Damage> Damages
    {
        get
        {
            var data = new TheoryData<string, bool, Damage>();
            foreach (var row in OperatorHost.Configurations)
                foreach (var damage in Enum.GetValues<Damage>())
                    data.Add((string)row[0], (bool)row[1], damage);
            return data;
        }
    }

    private static readonly DocumentValidator Validator =
        DocumentValidator.FromText(ShippedSchemas.Read("fsck-report")!, "fsck-report");

    [Theory]
    [MemberData(nameof(Configurations))]
    public void A_healthy_host_is_clean_and_the_json_report_validates(string bootloader, bool uki)
    {
        using var host = OperatorHost.Copy(bootloader, uki);
        var human = host.Run("fsck");
        Assert.True(human.ExitCode == 0, human.Stdout + human.Stderr);
        Assert.Contains("No problems found.", human.Stdout);

        var json = host.Run("fsck", "--json", "--verify-objects");
        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Empty(Validator.Validate(document.RootElement));
        var report = JsonSerializer.Deserialize(json.Stdout, FsckReportJsonContext.Default.HostFsckReport)!;
        Assert.Equal("bootcplug.dev/fsck-report/v1", report.ApiVersion);
        Assert.True(report.Ok && report.ObjectsVerified);
        Assert.Equal(3UL, report.Checked.Deployments);
        Assert.Equal(3UL, report.Checked.Images);
        Assert.True(report.Checked.Objects > 3);
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public void Each_kind_of_damage_is_reported_with_its_file_and_nothing_changes(
        string bootloader, bool uki, Damage damage)
    {
        using var host = OperatorHost.Copy(bootloader, uki);
        var (kind, path) = Apply(host, damage);
        var before = DiskSnapshot.Take(host.Root);

        string[] args = damage == Damage.ObjectCorrupt ? ["fsck", "--json", "--verify-objects"] : ["fsck", "--json"];
        var result = host.Run(args);
        DiskSnapshot.AssertUnchanged(before, host.Root);
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.Stdout}{result.Stderr}");
        using (var document = JsonDocument.Parse(result.Stdout)) Assert.Empty(Validator.Validate(document.RootElement));
        var report = JsonSerializer.Deserialize(result.Stdout, FsckReportJsonContext.Default.HostFsckReport)!;
        Assert.False(report.Ok);
        Assert.True(report.Problems.Any(p => p.Kind == kind && p.Path == path),
            $"expected {kind.ToWireName()} at {path}, got:\n"
            + string.Join("\n", report.Problems.Select(p => $"{p.Kind.ToWireName()} {p.Path}: {p.Message}")));

        var human = host.Run(damage == Damage.ObjectCorrupt ? ["fsck", "--verify-objects"] : ["fsck"]);
        Assert.Equal(1, human.ExitCode);
        Assert.Contains($"{kind.ToWireName()}: {path}: ", human.Stdout);
        DiskSnapshot.AssertUnchanged(before, host.Root);
    }

    /// <summary>Damages the host; returns the kind of problem fsck must report and the file it must name.</summary>
    private static (FsckProblemKind Kind, string Path) Apply(OperatorHost host, Damage damage)
    {
        var demo = host.Demo;
        var paths = host.Host.Paths;
        var inventory = host.Host.Inventory();
        var staged = inventory.Find(DeploymentId.Parse(demo.Staged))!;
        var stagedEntry = staged.Entries[0];
        var stagedArtifact = host.Host.Bootloaders.StoreFor(stagedEntry.BootType)
            .ListArtifacts(host.Host.Bootloaders.Context).Artifacts.Single(a => a.Name == stagedEntry.BootArtifactName);
        switch (damage)
        {
            case Damage.EntryNamesMissingArtifact:
                if (stagedArtifact.Type == BootArtifactType.Uki) File.Delete(stagedArtifact.Path);
                else Directory.Delete(stagedArtifact.Path, recursive: true);
                return (FsckProblemKind.BootEntry, stagedEntry.SourcePath);
            case Damage.ArtifactUnreadable:
                if (stagedArtifact.Type == BootArtifactType.Uki)
                {
                    File.WriteAllBytes(stagedArtifact.Path, "MZ not a PE file"u8.ToArray());
                    return (FsckProblemKind.BootArtifact, stagedArtifact.Path);
                }
                string kernel = Path.Combine(stagedArtifact.Path, "vmlinuz");
                File.Delete(kernel);
                return (FsckProblemKind.BootArtifact, kernel);
            case Damage.BootDigestDiffers:
            {
                string origin = paths.OriginFile(DeploymentId.Parse(demo.Booted));
                string text = File.ReadAllText(origin);
                Assert.Matches(@"(?m)^digest\s*=\s*[0-9a-f]{64}", text);
                File.WriteAllText(origin,
                    Regex.Replace(text, @"(?m)^(digest\s*=\s*)[0-9a-f]{64}", "${1}" + new string('0', 64)));
                return (FsckProblemKind.BootDigest, origin);
            }
            case Damage.OriginMissing:
            {
                string origin = paths.OriginFile(DeploymentId.Parse(demo.Rollback));
                File.Delete(origin);
                return (FsckProblemKind.State, origin);
            }
            case Damage.ImageDigestDiffers:
            {
                string image = host.ImageObject(demo.Staged);
                FlipLastByte(image);
                return (FsckProblemKind.Image, image);
            }
            case Damage.StreamUnreadable:
            {
                var target = host.OnlyIn(demo.Staged)[0];
                string streams = Path.Combine(paths.Repository, "streams");
                Directory.CreateDirectory(streams);
                File.CreateSymbolicLink(
                    Path.Combine(streams, "not-a-stream"), "../objects/" + target.ToObjectPathName());
                return (FsckProblemKind.Stream, host.ObjectPath(target));
            }
            case Damage.ObjectMissing:
                File.Delete(host.ObjectPath(host.OnlyIn(demo.Staged)[0]));
                return (FsckProblemKind.MissingObject, host.ImageLink(demo.Staged));
            case Damage.ObjectCorrupt:
            {
                string file = host.ObjectPath(host.OnlyIn(demo.Staged)[0]);
                FlipLastByte(file);
                return (FsckProblemKind.CorruptObject, file);
            }
            case Damage.StagedMarkerMissing:
                File.Delete(paths.StagedMarker);
                return (FsckProblemKind.StagedMarker, paths.StagedMarker);
            case Damage.Leftover:
            {
                string leftover = Path.Combine(paths.StateDeploy, ".bootcplug-tmp-state-0123abcd");
                Directory.CreateDirectory(leftover);
                return (FsckProblemKind.Leftover, leftover);
            }
            default:
            {
                string junk = Path.Combine(paths.Repository, "objects", "junk");
                File.WriteAllText(junk, "not an object\n");
                return (FsckProblemKind.Unexpected, junk);
            }
        }
    }

    private static void FlipLastByte(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0xff;
        File.WriteAllBytes(file, bytes);
    }
}
