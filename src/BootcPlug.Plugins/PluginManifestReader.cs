using System.Text.Json;
using System.Text.RegularExpressions;

namespace BootcPlug.Plugins;

/// <summary>A plugin's <c>plugin.json</c> (schema: <c>schemas/plugin-manifest.schema.json</c>).</summary>
/// <param name="Id">The unique plugin id.</param>
/// <param name="Version">The plugin's own version.</param>
/// <param name="ContractVersion">The contract version it was built against, "major.minor".</param>
/// <param name="Description">One line for listings, if any.</param>
/// <param name="Assembly">The assembly file name, if it is not <c>&lt;folder&gt;.dll</c>.</param>
public sealed record PluginManifest(string Id, string Version, string ContractVersion, string? Description, string? Assembly);

/// <summary>
/// Reads <c>plugin.json</c> with <see cref="JsonDocument"/> and applies the rules of its schema (required members,
/// patterns, no unknown members), so a bad manifest is refused with the file and the member at fault.
/// </summary>
public static partial class PluginManifestReader
{
    private static readonly string[] Known = ["id", "version", "contractVersion", "description", "assembly"];

    /// <summary>Reads and checks a manifest.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or breaks a schema rule; the message names the file.</exception>
    public static PluginManifest Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{(e.LineNumber ?? 0) + 1}: not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid(path, "the manifest must be a JSON object");
            foreach (var property in root.EnumerateObject())
                if (!Known.Contains(property.Name)) throw Invalid(path, $"unknown member '{property.Name}'");
            return new PluginManifest(
                Required(root, path, "id", IdPattern()),
                Required(root, path, "version", VersionPattern()),
                Required(root, path, "contractVersion", ContractPattern()),
                Optional(root, path, "description", null),
                Optional(root, path, "assembly", AssemblyPattern()));
        }
    }

    private static string Required(JsonElement root, string path, string name, Regex pattern) =>
        Optional(root, path, name, pattern) ?? throw Invalid(path, $"missing required member '{name}'");

    private static string? Optional(JsonElement root, string path, string name, Regex? pattern)
    {
        if (!root.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.String) throw Invalid(path, $"'{name}' must be a string");
        var text = value.GetString()!;
        if (pattern is not null && !pattern.IsMatch(text)) throw Invalid(path, $"'{name}' value \"{text}\" does not match {pattern}");
        return text;
    }

    private static InvalidDataException Invalid(string path, string problem) => new($"{path}: {problem}");

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+$")]
    private static partial Regex ContractPattern();

    [GeneratedRegex(@"^[^/\\]+\.dll$")]
    private static partial Regex AssemblyPattern();
}
