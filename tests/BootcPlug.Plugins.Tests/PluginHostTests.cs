using BootcPlug.Bootloaders;
using BootcPlug.Testing;

namespace BootcPlug.Plugins.Tests;

/// <summary>The real host loading plugins built by this test suite as a vendor would (tests/plugins), from their own
/// folder.</summary>
public class PluginHostTests
{
    private static string TestPlugins => Path.Combine(AppContext.BaseDirectory, "testplugins");

    /// <summary>A plugins folder holding copies of some of the test plugins (and whatever else a test adds).</summary>
    private static TempDir Folder(params string[] plugins)
    {
        var dir = new TempDir();
        foreach (var plugin in plugins)
        {
            Directory.CreateDirectory(dir[plugin]);
            foreach (var file in Directory.GetFiles(Path.Combine(TestPlugins, plugin)))
                File.Copy(file, Path.Combine(dir[plugin], Path.GetFileName(file)));
        }
        return dir;
    }

    [Fact]
    public void A_vendor_plugin_built_against_the_contract_alone_loads_from_its_own_folder_and_works()
    {
        using var folder = Folder("acme-boot");
        Assert.False(File.Exists(folder["acme-boot/BootcPlug.Bootloaders.Contract.dll"]));
        using var host = PluginHost.Load([folder.Path]);
        var report = Assert.Single(host.Plugins);
        Assert.Equal((PluginStatus.Loaded, null), (report.Status, report.Reason));
        Assert.Equal(("acme-boot", "0.1.0", "2.0"),
            (report.Manifest!.Id, report.Manifest.Version, report.Manifest.ContractVersion));
        Assert.Equal(["acme-boot"], host.DeclaredBootloaders);
        // Only the roles it has: a menu and a detector (one class each), no artifact store, no recovery.
        Assert.Equal(["menu", "detector"], report.Roles.Names());
        var acme = report.Roles.Menu!;
        Assert.Same(acme.GetType().Assembly, report.Roles.Detector!.GetType().Assembly);
        Assert.NotSame(typeof(PluginHostTests).Assembly, acme.GetType().Assembly);

        // Contract types cross the boundary both ways: templates in, entries out.
        using var root = new TempDir();
        var context = Support.Hosts.Context(root);
        var requested = BootloaderSelection.Select(host, context, "acme-boot");
        Assert.Equal(("acme-boot", "none", "--bootloader acme-boot"),
            (requested.Name, requested.StatusName, requested.Reason));
        Assert.Same(acme, requested.Menu);
        Assert.Empty(requested.Stores);
        acme.WriteStaged(context, Support.Hosts.UkiTemplate(Support.Hosts.VerityA), null);
        Assert.True(acme.FinalizeStaged(context));
        // Its live menu exists now, so its detector claims the host.
        var detected = BootloaderSelection.Select(host, context, null);
        Assert.Equal("acme-boot", detected.Name);
        Assert.Contains("plugin acme-boot", detected.Reason);
        BootEntry entry = Assert.Single(acme.ListEntries(context).Live);
        Assert.Equal((Support.Hosts.VerityA, BootEntrySet.Live), (entry.Deployment.Value, entry.Set));
    }

    [Fact]
    public void A_plugin_for_another_contract_major_is_rejected_before_its_code_runs()
    {
        using var folder = Folder("future-boot", "acme-boot");
        using var host = PluginHost.Load([folder.Path]);
        var future = host.Plugins.Single(p => p.Name == "future-boot");
        Assert.Equal(PluginStatus.Rejected, future.Status);
        Assert.Equal("built for contract 3.0, but this host implements contract 2.0: the major versions differ",
            future.Reason);
        Assert.Equal(PluginRoles.None, future.Roles);
        Assert.Equal(PluginStatus.Loaded, host.Plugins.Single(p => p.Name == "acme-boot").Status);
    }

    [Fact]
    public void A_plugin_that_throws_at_load_is_reported_and_the_others_still_load()
    {
        using var folder = Folder("broken-boot", "acme-boot");
        using var host = PluginHost.Load([folder.Path]);
        var broken = host.Plugins.Single(p => p.Name == "broken-boot");
        Assert.Equal(PluginStatus.Failed, broken.Status);
        Assert.Equal("threw while loading: InvalidOperationException: acme licence file missing", broken.Reason);
        Assert.Equal(["acme-boot"], host.Loaded.Select(p => p.Manifest!.Id));
    }

    [Theory]
    [InlineData("2.1", "newer than this host's 2.0: update bootcplug")]
    [InlineData("1.1", "the major versions differ")]
    [InlineData("2", "is not major.minor")]
    public void Contract_version_gate(string version, string reason)
    {
        Assert.EndsWith(reason, PluginHost.CheckContractVersion(version));
        Assert.Null(PluginHost.CheckContractVersion("2.0"));
    }

    [Fact]
    public void Bad_folders_and_manifests_are_rejected_each_with_its_reason()
    {
        using var folder = Folder("acme-boot");
        Directory.CreateDirectory(folder["no-manifest"]);
        folder.Write("bad-json/plugin.json", "{ \"id\": ");
        folder.Write("unknown-member/plugin.json",
            "{\"id\":\"x\",\"version\":\"1.0.0\",\"contractVersion\":\"2.0\",\"colour\":\"red\"}");
        folder.Write("missing-version/plugin.json", "{\"id\":\"x\",\"contractVersion\":\"2.0\"}");
        folder.Write("bad-id/plugin.json", "{\"id\":\"Bad Id\",\"version\":\"1.0.0\",\"contractVersion\":\"2.0\"}");
        folder.Write("escape/plugin.json",
            "{\"id\":\"escape\",\"version\":\"1.0.0\",\"contractVersion\":\"2.0\",\"assembly\":\"..\\\\x.dll\"}");
        folder.Write("no-dll/plugin.json", "{\"id\":\"no-dll\",\"version\":\"1.0.0\",\"contractVersion\":\"2.0\"}");
        folder.Write("not-a-dll/plugin.json",
            "{\"id\":\"not-a-dll\",\"version\":\"1.0.0\",\"contractVersion\":\"2.0\"}");
        folder.Write("not-a-dll/not-a-dll.dll", "this is not an assembly");
        folder.Write("dup/plugin.json", File.ReadAllText(folder["acme-boot/plugin.json"]));
        File.Copy(folder["acme-boot/acme-boot.dll"], folder["dup/dup.dll"]);
        using var extra = new TempDir();

        using var host = PluginHost.Load([folder.Path, extra["missing"]], required: [extra["missing"]]);
        string Reason(string name) => host.Plugins.Single(p => p.Name == name).Reason!;
        Assert.Equal($"no plugin.json in {folder["no-manifest"]}", Reason("no-manifest"));
        Assert.StartsWith(folder["bad-json/plugin.json"] + ":1: ", Reason("bad-json"));
        Assert.Contains("$.colour", Reason("unknown-member"));
        Assert.Contains("version", Reason("missing-version"));
        Assert.Contains("$.id: \"Bad Id\" does not match", Reason("bad-id"));
        Assert.Contains("$.assembly", Reason("escape"));
        Assert.Equal($"{folder["no-dll/no-dll.dll"]} does not exist", Reason("no-dll"));
        Assert.StartsWith("threw while loading: BadImageFormatException", Reason("not-a-dll"));
        Assert.StartsWith("plugin id 'acme-boot' is already loaded from", Reason("dup"));
        Assert.Equal("plugin folder does not exist", host.Plugins.Single(p => p.Directory == extra["missing"]).Reason);
        Assert.Equal(["acme-boot"], host.Plugins.Where(p => p.Status == PluginStatus.Loaded).Select(p => p.Name));
    }

    [Fact]
    public void A_plugin_carrying_its_own_contract_copy_is_rejected()
    {
        using var folder = Folder("acme-boot");
        File.Copy(typeof(IBootMenu).Assembly.Location, folder["acme-boot/BootcPlug.Bootloaders.Contract.dll"]);
        using var host = PluginHost.Load([folder.Path]);
        Assert.Contains("its own copy of the contract assembly", Assert.Single(host.Plugins).Reason);
    }
}

/// <summary>A plugin whose manifest claims contract 1.0 but whose dll was compiled against a contract assembly
/// 2.0.</summary>
public class ContractAssemblyVersionTests
{
    private static byte[] Compile(string name, string source,
        params Microsoft.CodeAnalysis.MetadataReference[] references)
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            name,
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source)],
            [.. Basic.Reference.Assemblies.Net100.References.All, .. references],
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(
                Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return image.ToArray();
    }

    [Fact]
    public void A_dll_compiled_against_another_contract_major_is_rejected_even_when_its_manifest_says_otherwise()
    {
        var contractV2 = Compile("BootcPlug.Bootloaders.Contract",
            "[assembly: System.Reflection.AssemblyVersion(\"1.0.0.0\")]\nnamespace BootcPlug.Bootloaders { public " +
                "interface IBootMenu { string Name { get; } } }");
        var plugin = Compile("stale-boot",
            "public sealed class StaleBootloader : BootcPlug.Bootloaders.IBootMenu { public string Name => " +
                "\"stale\"; }",
            Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(contractV2));
        using var folder = new TempDir();
        folder.Write("stale-boot/plugin.json",
            "{\"id\":\"stale-boot\",\"version\":\"1.0.0\",\"contractVersion\":\"2.0\"}");
        File.WriteAllBytes(folder["stale-boot/stale-boot.dll"], plugin);

        using var host = PluginHost.Load([folder.Path]);
        var report = Assert.Single(host.Plugins);
        Assert.Equal(PluginStatus.Rejected, report.Status);
        Assert.Equal("stale-boot.dll was compiled against contract assembly 1.0.0.0, this host has 2.0.0.0",
            report.Reason);
        Assert.Empty(host.Loaded);
    }
}
