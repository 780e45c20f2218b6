using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace BootcPlug.Deployments.State;

/// <summary>What status reports for a deployment known only by its legacy <c>.imginfo</c>.</summary>
/// <param name="ManifestDigest">The bare hex sha256 of the manifest as bootc writes it again (no <c>sha256:</c>).
/// </param>
public sealed record LegacyImage(ImageDetails Details, string ManifestDigest);

/// <summary>
/// A legacy <c>&lt;verity&gt;.imginfo</c> read as bootc reads it when the origin records no manifest digest: the
/// version from the manifest's <c>org.opencontainers.image.version</c> annotation only, the build time from the
/// config's <c>created</c> (left out when it is not an RFC 3339 time), the architecture from the config, and as the
/// image digest the sha256 of the manifest in <see cref="OciManifestForm"/>. A file bootc could not read (a manifest
/// or config missing a required field) throws <see cref="StateFileException"/>.
/// </summary>
public static class LegacyImageInfo
{
    /// <summary>The image, or null when there is no file.</summary>
    public static LegacyImage? Read(string path) => StateJsonFile.Read(path, root =>
    {
        try
        {
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("manifest", out var manifest) || !root.TryGetProperty("config", out var config))
                throw new FormatException("expected an object with \"manifest\" and \"config\"");
            string digest = Convert.ToHexStringLower(SHA256.HashData(OciManifestForm.Serialize(manifest)));
            string architecture = RequiredString(config, "architecture");
            RequiredString(config, "os");
            if (!config.TryGetProperty("rootfs", out var rootfs) || rootfs.ValueKind != JsonValueKind.Object)
                throw new FormatException("config.rootfs: missing");
            return new LegacyImage(new ImageDetails(Version(manifest), Created(config), architecture), digest);
        }
        catch (FormatException ex)
        {
            throw new StateFileException(path, null, $"not an image manifest and config bootc can read: {ex.Message}");
        }
    });

    private static string RequiredString(JsonElement config, string name) =>
        config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"config.{name}: missing");

    private static string? Version(JsonElement manifest) =>
        manifest.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object
        && annotations.TryGetProperty(ImageInfoFile.VersionAnnotation, out var version)
        && version.ValueKind == JsonValueKind.String
            ? version.GetString()
            : null;

    private static DateTimeOffset? Created(JsonElement config)
    {
        if (!config.TryGetProperty("created", out var created) || created.ValueKind != JsonValueKind.String)
            return null;
        string text = created.GetString()!;
        // RFC 3339 needs a date, a time and an offset; anything looser is not a time bootc shows.
        bool hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-');
        return hasOffset && text.Length > 10 && text[10] is 'T' or 't' or ' '
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                ? t.ToUniversalTime()
                : null;
    }
}
