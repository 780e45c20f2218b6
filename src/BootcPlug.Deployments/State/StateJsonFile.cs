using System.Text.Json;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.State;

/// <summary>
/// Reads a small JSON state file under the root the way every state reader must: no link at any level of its path
/// is followed, a missing file is null, and unparsable JSON or a read error is a <see cref="StateFileException"/>
/// naming the file (and the line, for JSON).
/// </summary>
public static class StateJsonFile
{
    /// <summary>Parses the file with <paramref name="parse"/>, which throws <see cref="StateFileException"/> for a
    /// document of the wrong shape; null when there is no file.</summary>
    public static T? Read<T>(string path, Func<JsonElement, T> parse)
        where T : class
    {
        NoFollowPaths.EnsureParent(path);
        if (PathGuard.IsSymlink(path)) throw new StateFileException(path, null, "is a symbolic link; not followed");
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return parse(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new StateFileException(path, (int?)(ex.LineNumber + 1), $"not valid JSON: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException(path, null, $"cannot read: {ex.Message}");
        }
    }
}
