using BootcPlug.Bootloaders.Formats.Bls;

namespace BootcPlug.Bootloaders.Formats.Tests;

public class VersionOrderTests
{
    [Theory]
    [InlineData("1.0", "1.0~rc1", 1)]
    [InlineData("2.10", "2.9", 1)]
    [InlineData("1.0", "1.0", 0)]
    [InlineData("01.2", "1.2", 0)]
    [InlineData("1.0-2", "1.0.1", -1)]
    [InlineData("1.0^git1", "1.0", 1)]
    [InlineData("1.0^git1", "1.0.1", -1)]
    [InlineData("emptyvals", "empty", 1)]
    [InlineData("12 (bookworm)", "12", 1)]
    [InlineData("1a", "1", 1)]
    [InlineData("1.a", "1.1", -1)]
    [InlineData("", "0", -1)]
    [InlineData(null, "0", -1)]
    [InlineData("~rc", "", 1)]
    public void Uapi_version_comparison(string? a, string? b, int expected)
    {
        Assert.Equal(expected, Math.Sign(UapiVersion.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(UapiVersion.Compare(b, a)));
    }

    [Theory]
    [InlineData("2.10", "2.9", 1)]
    [InlineData("1.0~rc1", "1.0", -1)]
    [InlineData("1.0", "1.0.0", -1)]
    [InlineData("007", "7", 0)]
    [InlineData("1a", "1b", -1)]
    [InlineData("1.1", "1.a", 1)]
    public void Rpm_version_comparison(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(RpmVersion.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(RpmVersion.Compare(b, a)));
    }

    [Fact]
    public void Grub_orders_by_name_version_release_descending()
    {
        string[] files =
        [
            "bootc_fedora-41.20251125.0-0.conf",
            "bootc_fedora-42.20250101.0-0.conf",
            "bootc_fedora-42.20250101.0-1.conf",
            "bootc_rhel-9.6-0.conf",
            "bootc_fedora-2.9-1.conf",
            "bootc_fedora-2.10-1.conf",
        ];
        Assert.Equal(
            [
                "bootc_rhel-9.6-0.conf",
                "bootc_fedora-42.20250101.0-1.conf",
                "bootc_fedora-42.20250101.0-0.conf",
                "bootc_fedora-41.20251125.0-0.conf",
                "bootc_fedora-2.10-1.conf",
                "bootc_fedora-2.9-1.conf",
            ],
            files.Order(EntryOrder.GrubFileName));
    }

    [Fact]
    public void Name_version_release_split_from_the_right()
    {
        Assert.Equal(("kernel", "5.14.0", "362.fc38"),
            EntryOrder.SplitNameVersionRelease("kernel-5.14.0-362.fc38.conf"));
        Assert.Equal(("bootc_fedora_coreos", "41.20251125.0", "1"),
            EntryOrder.SplitNameVersionRelease("bootc_fedora_coreos-41.20251125.0-1.conf"));
        Assert.Equal(("a", "", "1"), EntryOrder.SplitNameVersionRelease("a-1.conf"));
    }

    [Fact]
    public void Systemd_order_sort_key_then_machine_id_then_version_newest_first()
    {
        SystemdSortFields F(string id, string? key, string? mid, string? version, int? left = null)
            => new(id, key, mid, version, left);
        var entries = new[]
        {
            F("nosort-1.0.conf", null, null, "1.0"),
            F("zk-9.conf", "zzz", null, "9"),
            F("ak-m2.conf", "aaa", "ffff", "5"),
            F("dead.conf", "aaa", null, "99", left: 0),
            F("zk-10.conf", "zzz", null, "10"),
            F("ak-1.conf", "aaa", null, "1"),
            F("nosort-2.0.conf", null, null, "2.0"),
            F("ak-m1.conf", "aaa", "0001", "3"),
            F("rc.conf", "rc", null, "1.0~rc1"),
            F("final.conf", "rc", null, "1.0"),
        };
        Assert.Equal(
            ["ak-1.conf", "ak-m1.conf", "ak-m2.conf", "final.conf", "rc.conf", "zk-10.conf", "zk-9.conf",
                "nosort-2.0.conf", "nosort-1.0.conf", "dead.conf"],
            entries.Order(EntryOrder.SystemdBoot).Select(e => e.Id));
    }

    [Theory]
    [InlineData("x+3-1.conf", "x.conf", 3)]
    [InlineData("x+0.conf", "x.conf", 0)]
    [InlineData("x.conf", "x.conf", null)]
    public void Boot_counter_is_split_from_the_file_name(string file, string id, int? left)
    {
        var name = BlsFileName.Parse(file);
        Assert.Equal(id, name.Id);
        Assert.Equal(left, name.TriesLeft);
    }

    [Fact]
    public void Naming_keeps_menu_order_for_both_bootloaders_even_when_the_primary_is_older()
    {
        var entries = new[] { "41.0", "42.0", "2.9", "2.10" }.Select(v => new BlsEntry { Version = v, Linux = "/k" })
            .ToList();
        var arranged = BlsNaming.Arrange(entries, "fedora-coreos");
        var names = arranged.Select(a => a.FileName).ToList();
        Assert.Equal(names, names.Order(EntryOrder.GrubFileName));
        var systemd = arranged.Select(a => SystemdSortFields.From(a.FileName, a.Entry)).ToList();
        Assert.Equal(systemd, systemd.Order(EntryOrder.SystemdBoot));
        Assert.All(arranged, a => Assert.StartsWith("bootc-fedora-coreos-", a.Entry.SortKey));
        Assert.All(names, n => Assert.StartsWith("bootc_fedora_coreos-", n));
    }

    [Fact]
    public void Naming_uses_bootc_scheme_when_it_already_orders_correctly()
    {
        var arranged = BlsNaming.Arrange(
            [new BlsEntry { Version = "42.1", Linux = "/k" }, new BlsEntry { Version = "42.1", Linux = "/k" }],
            "fedora");
        Assert.Equal(["bootc_fedora-42.1-1.conf", "bootc_fedora-42.1-0.conf"], arranged.Select(a => a.FileName));
        Assert.Equal(["bootc-fedora-0", "bootc-fedora-1"], arranged.Select(a => a.Entry.SortKey));
    }

    [Fact]
    public void Sort_keys_are_padded_so_that_eleven_entries_stay_in_order()
    {
        var keys = Enumerable.Range(0, 11).Select(i => BlsNaming.SortKey("x", i, 11)).ToList();
        Assert.Equal(keys, keys.Order(StringComparer.Ordinal));
        Assert.Equal("bootc-x-00", keys[0]);
    }
}
