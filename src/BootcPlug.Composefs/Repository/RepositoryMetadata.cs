using System.Text;
using System.Text.Json;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// The repository's <c>meta.json</c>: format version, fs-verity algorithm, feature flags and the EROFS formats its
/// images are written in (<c>erofs_formats</c>: a default and extra versions). A repository without
/// <c>erofs_formats</c> writes V1 when the read-only-compatible <c>v1_erofs</c> flag is set and V2 (the legacy
/// layout) otherwise, as composefs-rs decides.
/// </summary>
/// <param name="ReadOnlyCompatibleFeatures">
/// The read-only-compatible features this implementation does not know.
/// </param>
public sealed record RepositoryMetadata(FsVerityAlgorithm Algorithm, IReadOnlyList<string> ReadOnlyCompatibleFeatures)
{
    public const int FormatVersion = 1;
    public const string FileName = "meta.json";

    /// <summary>Read-only-compatible flag: the default EROFS format is V1.</summary>
    public const string V1ErofsFeature = "v1_erofs";

    private static readonly HashSet<string> KnownReadOnlyFeatures = new(StringComparer.Ordinal) { V1ErofsFeature };

    /// <summary><c>erofs_formats.default</c> as written (composefs-rs also knows 0), or null when absent.</summary>
    public int? ErofsDefault { get; init; }

    /// <summary><c>erofs_formats.extra</c>: further versions composefs-rs writes beside the default.</summary>
    public IReadOnlyList<int> ErofsExtra { get; init; } = [];

    /// <summary>Whether the <c>v1_erofs</c> flag is set.</summary>
    public bool V1ErofsFlag { get; init; }

    /// <summary>Metadata of a new repository: the flag follows the default format, as composefs-rs writes it.</summary>
    public static RepositoryMetadata Create(FsVerityAlgorithm algorithm, ErofsFormatVersion erofsVersion) =>
        new(algorithm, [])
        {
            ErofsDefault = (int)erofsVersion,
            V1ErofsFlag = erofsVersion == ErofsFormatVersion.V1,
        };

    /// <summary>
    /// The default format number: erofs_formats when it says other than the legacy V2, else the flag.
    /// </summary>
    public int ErofsDefaultNumber =>
        ErofsDefault is { } number && !(number == 2 && ErofsExtra.Count == 0) ? number : V1ErofsFlag ? 1 : 2;

    /// <summary>
    /// The format new images are written in, or a one-line error naming meta.json when we may not write to this
    /// repository (an unknown read-only-compatible feature) or cannot write its format (V0).
    /// </summary>
    public ErofsFormatVersion WritableImageFormat(string file)
    {
        EnsureWritable(file);
        return ErofsDefaultNumber switch
        {
            1 => ErofsFormatVersion.V1,
            2 => ErofsFormatVersion.V2,
            int other => throw new ComposefsFormatException(file, null,
                $"erofs_formats.default is {other}; only EROFS formats 1 and 2 can be written"),
        };
    }

    /// <summary>Refuses writing (one line naming meta.json) when a read-only-compatible feature is unknown.</summary>
    public void EnsureWritable(string file)
    {
        if (ReadOnlyCompatibleFeatures.Count > 0)
            throw new ComposefsFormatException(file, null,
                "unknown read-only-compatible features (" + string.Join(", ", ReadOnlyCompatibleFeatures)
                + "): the repository can be read but not written");
    }

    public static RepositoryMetadata Parse(ReadOnlySpan<byte> json, string file)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ComposefsFormatException(file, null, "is not a JSON object");
            if (!root.TryGetProperty("version", out var version) || !version.TryGetInt64(out long versionNumber)
                || versionNumber < 0)
                throw new ComposefsFormatException(file, null, "has no valid \"version\"");
            if (versionNumber > FormatVersion)
                throw new ComposefsFormatException(file, null,
                    $"repository format version {versionNumber} is newer than the supported {FormatVersion}");
            if (!root.TryGetProperty("algorithm", out var algorithmElement)
                || algorithmElement.ValueKind != JsonValueKind.String
                || !algorithmElement.GetString()!.StartsWith("fsverity-", StringComparison.Ordinal)
                || !FsVerityAlgorithms.TryParse(algorithmElement.GetString(), out var algorithm))
                throw new ComposefsFormatException(file, null,
                    "has no supported \"algorithm\" (fsverity-sha256-12 or fsverity-sha512-12)");
            var readOnly = new List<string>();
            bool v1Flag = false;
            if (root.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Object)
            {
                var incompatible = Features(features, "incompatible", file);
                if (incompatible.Count > 0)
                    throw new ComposefsFormatException(
                        file, null, "unknown incompatible features: " + string.Join(", ", incompatible));
                var readOnlyAll = Features(features, "read-only-compatible", file);
                v1Flag = readOnlyAll.Contains(V1ErofsFeature);
                readOnly = readOnlyAll.Where(name => !KnownReadOnlyFeatures.Contains(name)).ToList();
            }
            var (erofsDefault, erofsExtra) = ErofsFormats(root, file);
            return new RepositoryMetadata(algorithm, readOnly)
            {
                ErofsDefault = erofsDefault, ErofsExtra = erofsExtra, V1ErofsFlag = v1Flag,
            };
        }
        catch (JsonException e)
        {
            throw new ComposefsFormatException(file, e.BytePositionInLine, "is not valid JSON: " + e.Message, e);
        }
    }

    private static (int? Default, List<int> Extra) ErofsFormats(JsonElement root, string file)
    {
        if (!root.TryGetProperty("erofs_formats", out var formats)) return (null, []);
        if (formats.ValueKind != JsonValueKind.Object || !formats.TryGetProperty("default", out var first)
            || !first.TryGetInt32(out int number) || number < 0)
            throw new ComposefsFormatException(file, null, "\"erofs_formats\" has no valid \"default\" version");
        var extra = new List<int>();
        if (formats.TryGetProperty("extra", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
                throw new ComposefsFormatException(file, null, "\"erofs_formats.extra\" is not an array");
            foreach (var item in list.EnumerateArray())
            {
                if (!item.TryGetInt32(out int version) || version < 0)
                    throw new ComposefsFormatException(file, null, "\"erofs_formats.extra\" holds a non-version");
                if (version != number && !extra.Contains(version)) extra.Add(version);
            }
            extra.Sort();
        }
        return (number, extra);
    }

    /// <summary>The names listed under features.KIND; in "incompatible", only the unknown ones (all of them).</summary>
    private static List<string> Features(JsonElement features, string kind, string file)
    {
        var names = new List<string>();
        if (!features.TryGetProperty(kind, out var list)) return names;
        if (list.ValueKind != JsonValueKind.Array)
            throw new ComposefsFormatException(file, null, $"\"features.{kind}\" is not an array");
        foreach (var item in list.EnumerateArray())
            names.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.ToString());
        return names;
    }

    /// <summary>
    /// Pretty JSON with two-space indentation and a trailing newline, in composefs-rs's member order
    /// (version, algorithm, features, erofs_formats; <c>extra</c> only when not empty).
    /// </summary>
    public byte[] ToJson()
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer,
            new JsonWriterOptions { Indented = true, IndentSize = 2, NewLine = "\n" }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            writer.WriteString("algorithm", Algorithm.RepositoryName());
            writer.WriteStartObject("features");
            foreach (var kind in new[] { "compatible", "read-only-compatible", "incompatible" })
            {
                writer.WriteStartArray(kind);
                if (kind == "read-only-compatible")
                {
                    if (V1ErofsFlag) writer.WriteStringValue(V1ErofsFeature);
                    foreach (var feature in ReadOnlyCompatibleFeatures) writer.WriteStringValue(feature);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            if (ErofsDefault is { } number)
            {
                writer.WriteStartObject("erofs_formats");
                writer.WriteNumber("default", number);
                if (ErofsExtra.Count > 0)
                {
                    writer.WriteStartArray("extra");
                    foreach (int version in ErofsExtra) writer.WriteNumberValue(version);
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        buffer.Write(Encoding.ASCII.GetBytes("\n"));
        return buffer.ToArray();
    }
}
