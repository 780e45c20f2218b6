using System.Text.Json;
using BootcPlug.Cli.Schemas;
using BootcPlug.Plugins;

namespace BootcPlug.Cli.Tests;

/// <summary>The host's plugin.json reader and a JSON Schema validator (JsonSchema.Net on the shipped schema) agree.</summary>
public class PluginManifestSchemaTests
{
    private static readonly DocumentValidator Validator =
        DocumentValidator.FromText(ShippedSchemas.Read("plugin-manifest")!, "plugin-manifest.schema.json");

    [Fact]
    public void Every_bundled_plugin_json_is_valid_against_the_shipped_schema()
    {
        var manifests = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "plugins"), "plugin.json", SearchOption.AllDirectories);
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
    [InlineData("""{"id":"a.b_c-d","version":"2.3.4-rc.1+build5","contractVersion":"10.20","description":"x","assembly":"A b.dll"}""", true)]
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
}
