using System.Text.Json;
using BootcPlug.Cli.Schemas;
using BootcPlug.Plugins;

namespace BootcPlug.Cli.Tests;

/// <summary>The host's plugin.json reader and a JSON Schema validator (JsonSchema.Net on the shipped schema)
/// agree.</summary>
public class PluginManifestSchemaTests
{
    private static readonly DocumentValidator Validator =
        DocumentValidator.FromText(ShippedSchemas.Read("plugin-manifest")!, "plugin-manifest.schema.json");

    [Fact]
    public void Every_bundled_plugin_json_is_valid_against_the_shipped_schema()
    {
        var manifests = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "plugins"), "plugin.json",
            SearchOption.AllDirectories);
        Assert.Equal(3, manifests.Length);
        foreach (var path in manifests)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Empty(Validator.Validate(document.RootElement));
            Assert.Equal(Path.GetFileName(Path.GetDirectoryName(path)), PluginManifestReader.Read(path).Id);
        }
    }

    [Theory]
    [InlineData("""{"id":"grub","version":"1.0.0","contractVersion":"1.0"}""", true)]
    [InlineData("""{"id":"a.b_c-d","version":"2.3.4-rc.1+build5","contractVersion":"10.20","descrip"""
        + """tion":"x","assembly":"A b.dll"}""", true)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"1.0","description":null,"assembly":null}""", true)]
    [InlineData("""{"id":"Grub","version":"1.0.0","contractVersion":"1.0"}""", false)]
    [InlineData("""{"id":"-x","version":"1.0.0","contractVersion":"1.0"}""", false)]
    [InlineData("""{"id":"x","version":"1.0","contractVersion":"1.0"}""", false)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"1"}""", false)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"1.0.0"}""", false)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"1.0","assembly":"sub/x.dll"}""", false)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"1.0","assembly":"x.so"}""", false)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"1.0","extra":true}""", false)]
    [InlineData("""{"id":"x","contractVersion":"1.0"}""", false)]
    [InlineData("""{"id":1,"version":"1.0.0","contractVersion":"1.0"}""", false)]
    [InlineData("""["not an object"]""", false)]
    [InlineData("""{"id":"acme","version":"1.0.0","contractVersion":"2.0","bootloaders":["""
        + """{"name":"acme","status":"none"}],"artifacts":[{"type":"uki","serves":"any"}]}""", true)]
    [InlineData("""{"id":"sd","version":"1.0.0","contractVersion":"2.0","bootloaders":["""
        + """{"name":"systemd","status":"systemd"},{"name":"grub-cc","status":"grub-cc"}],"artifacts":["""
        + """{"type":"bls","serves":"own"}]}""", true)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"2.0","bootloaders":null,"artifacts":[]}""", true)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"2.0","bootloaders":["""
        + """{"name":"acme","status":"acme"}]}""", false)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"2.0","bootloaders":["""
        + """{"name":"Acme","status":"none"}]}""", false)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"2.0","bootloaders":[{"name":"acme"}]}""", false)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"2.0","bootloaders":["""
        + """{"name":"acme","status":"none","colour":1}]}""", false)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"2.0","bootloaders":["acme"]}""", false)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"2.0","artifacts":["""
        + """{"type":"efi","serves":"any"}]}""", false)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"2.0","artifacts":[{"type":"uki"}]}""", false)]
    [InlineData("""{"id":"x","version":"1.0.0","contractVersion":"2.0","artifacts":["""
        + """{"type":"uki","serves":"all"}]}""", false)]
    public void Host_reader_and_schema_both_give_the_expected_verdict(string json, bool expectedValid)
    {
        using var document = JsonDocument.Parse(json);
        bool schemaValid = Validator.Validate(document.RootElement).Count == 0;
        var path = Path.Combine(Path.GetTempPath(), $"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            bool readerValid;
            try
            {
                PluginManifestReader.Read(path);
                readerValid = true;
            }
            catch (InvalidDataException e)
            {
                Assert.StartsWith(path, e.Message);
                readerValid = false;
            }
            Assert.Equal(expectedValid, schemaValid);
            Assert.Equal(expectedValid, readerValid);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_bootloader_name_declared_twice_in_one_manifest_is_refused_by_the_reader()
    {
        var path = Path.Combine(Path.GetTempPath(), $"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"id":"x","version":"1.0.0","contractVersion":"2.0","bootloaders":["""
            + """{"name":"a","status":"none"},{"name":"a","status":"grub"}]}""");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => PluginManifestReader.Read(path));
            Assert.Equal($"{path}: $.bootloaders[1].name: \"a\" is declared twice", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
