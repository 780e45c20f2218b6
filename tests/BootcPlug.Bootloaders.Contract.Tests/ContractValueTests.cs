
namespace BootcPlug.Bootloaders.Contract.Tests;

public class ContractVersionTests
{
    [Fact]
    public void The_version_text_and_the_assembly_major_agree_with_the_constants()
    {
        Assert.Equal((2, 0, "2.0"), (BootloaderContract.Major, BootloaderContract.Minor, BootloaderContract.Version));
        Assert.Equal(BootloaderContract.Version, $"{BootloaderContract.Major}.{BootloaderContract.Minor}");
        Assert.Equal(BootloaderContract.Major, typeof(IBootMenu).Assembly.GetName().Version!.Major);
    }

    [Fact]
    public void The_roles_are_small_interfaces_and_no_feature_flags_remain()
    {
        var exported = typeof(IBootMenu).Assembly.GetExportedTypes();
        Assert.Equal(["IBootArtifactStore", "IBootMenu", "IBootMenuRetention", "IBootRecovery", "IBootloaderDetector"],
            exported.Where(t => t.IsInterface).Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(exported, t => t.Name is "IBootloader" or "BootloaderFeatures");
        Assert.All(exported.Where(t => t.IsInterface), t => Assert.InRange(t.GetMembers().Length, 1, 6));
    }
}

public class DetectionValueTests
{
    [Fact]
    public void Each_factory_sets_the_name_and_strength_consistently()
    {
        Assert.Equal(new BootloaderDetection("acme", DetectionStrength.Certain, "why"),
            BootloaderDetection.Certain("acme", "why"));
        Assert.Equal(new BootloaderDetection("grub", DetectionStrength.Fallback, "why"),
            BootloaderDetection.Fallback("grub", "why"));
        var none = BootloaderDetection.NotDetected("why");
        Assert.Equal((null, DetectionStrength.None, false), (none.Bootloader, none.Strength, none.Detected));
        Assert.True(BootloaderDetection.Fallback("grub", "").Detected);
    }
}

public class ArtifactValueTests
{
    private static readonly string Id = new('a', 64);

    [Fact]
    public void An_artifact_named_after_a_deployment_carries_its_id_and_any_other_name_none()
    {
        Assert.Equal(DeploymentId.Parse(Id), new BootArtifact(BootArtifactType.Bls, Id, "/boot/x").Deployment);
        Assert.Null(new BootArtifact(BootArtifactType.Bls, "6.1.0-legacy", "/boot/x").Deployment);
        Assert.Null(new BootArtifact(BootArtifactType.Uki, Id.ToUpperInvariant(), "/boot/x").Deployment);
    }

    [Fact]
    public void An_installed_artifact_is_named_by_its_deployment_id()
    {
        var source = new BootArtifactSource(BootArtifactType.Uki, DeploymentId.Parse(Id)) { Uki = "/tmp/x.efi" };
        Assert.Equal(Id, source.Name);
        Assert.Throws<FormatException>(() => DeploymentId.Parse("../escape"));
    }
}

public class EntryValueTests
{
    private static BootEntry Entry(char digit, BootEntrySet set, int position) =>
        new(DeploymentId.Parse(new string(digit, 64)), new string(digit, 64), set, position, BootArtifactType.Bls,
            $"{digit}.conf", "/x");

    [Fact]
    public void A_listing_gives_live_entries_before_staged_ones()
    {
        var listing = new BootEntryListing([Entry('a', BootEntrySet.Live, 0), Entry('b', BootEntrySet.Live, 1)],
            [Entry('c', BootEntrySet.Staged, 0)], []);
        Assert.Equal(["a.conf", "b.conf", "c.conf"], listing.All.Select(e => e.Id));
    }

    [Fact]
    public void A_problem_names_its_file_and_line_when_known()
    {
        Assert.Equal("/boot/loader/entries/x.conf:3: missing 'version'",
            new BootProblem("/boot/loader/entries/x.conf", 3, "missing 'version'").ToString());
        Assert.Equal("/x: bad", new BootProblem("/x", null, "bad").ToString());
        var e = new BootFormatException("/x", 2, "bad");
        Assert.Equal(("/x:2: bad", new BootProblem("/x", 2, "bad")), (e.Message, e.ToProblem()));
    }

    [Fact]
    public void The_standard_layout_puts_every_path_under_the_root()
    {
        var context = BootContext.ForRoot("/srv/host/");
        Assert.Equal(("/srv/host/sysroot/boot", "/srv/host/boot/efi", "/srv/host/sys/firmware/efi/efivars", null),
            (context.BootDir, context.EspDir, context.EfiVarsDir, context.Bootloader));
        Assert.Equal("/esp", BootContext.ForRoot("/srv/host", espDir: "/esp").EspDir);
    }
}
