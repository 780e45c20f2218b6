using System.Text.Json;
using System.Text.RegularExpressions;

namespace BootcPlug.Plugins;

/// <summary>
/// Reads <c>plugin.json</c> into the <see cref="PluginManifest"/> generated from
/// <c>schemas/plugin-manifest.schema.json</c>
/// (which rejects unknown members, duplicates and missing required members with the JSON path), then checks the
/// schema's <c>pattern</c> rules, which the generated reader does not enforce. Every error names the file.
/// </summary>
public static partial class PluginManifestReader
{
    /// <summary>Reads and checks a manifest.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or breaks a schema rule; the message names the
    /// file and the member.</exception>
    public static PluginManifest Read(string path)
    {
        PluginManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path),
                PluginManifestJsonContext.Default.PluginManifest);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } n ? $":{n + 1}" : "";
            throw new InvalidDataException($"{path}{line}: {e.Message}");
        }
        if (manifest is null) throw new InvalidDataException($"{path}: the manifest must be a JSON object, not null");
        Check(path, "id", manifest.Id, IdPattern());
        Check(path, "version", manifest.Version, VersionPattern());
        Check(path, "contractVersion", manifest.ContractVersion, ContractPattern());
        if (manifest.Assembly is { } assembly) Check(path, "assembly", assembly, AssemblyPattern());
        var bootloaders = manifest.Bootloaders ?? [];
        for (int i = 0; i < bootloaders.Count; i++)
        {
            Check(path, $"bootloaders[{i}].name", bootloaders[i].Name, IdPattern());
            if (bootloaders.Take(i).Any(b => b.Name == bootloaders[i].Name))
                throw new InvalidDataException(
                    $"{path}: $.bootloaders[{i}].name: \"{bootloaders[i].Name}\" is declared twice");
        }
        return manifest;
    }

    private static void Check(string path, string member, string value, Regex pattern)
    {
        if (!pattern.IsMatch(value))
            throw new InvalidDataException(
                $"{path}: $.{member}: \"{value}\" does not match the schema pattern {pattern}");
    }

    // The same patterns as schemas/plugin-manifest.schema.json.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+$")]
    private static partial Regex ContractPattern();

    [GeneratedRegex(@"^[^/\\]+\.dll$")]
    private static partial Regex AssemblyPattern();
}
