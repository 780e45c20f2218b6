using System.Text.Json;
using BootcPlug.Bootloaders;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.State;

/// <summary>
/// /run/composefs/staged-deployment: `{"depl_id":"&lt;verity&gt;","finalization_locked":false}`. A locked
/// (download-only) deployment is not finalized at shutdown. <paramref name="Name"/> is depl_id as written; a marker
/// whose name is not a deployment id names no deployment (it is stale, and the GC removes it).
/// </summary>
public sealed record StagedMarker(string Name, bool FinalizationLocked)
{
    public StagedMarker(DeploymentId deployment, bool finalizationLocked)
        : this(deployment.Value, finalizationLocked)
    {
    }

    /// <summary>The deployment the marker names, or null when depl_id is not a deployment id.</summary>
    public DeploymentId? Deployment => DeploymentId.TryParse(Name, out var id) ? id : null;

    public bool Names(DeploymentId id) => Deployment == id;

    public static StagedMarker? Read(string path) => StateJsonFile.Read(path, root =>
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("depl_id", out var id) || id.ValueKind != JsonValueKind.String)
            throw new StateFileException(path, null, "expected an object with a string \"depl_id\"");
        bool locked = root.TryGetProperty("finalization_locked", out var flag) && flag.ValueKind == JsonValueKind.True;
        return new StagedMarker(id.GetString()!, locked);
    });

    public void Write(string path, DurableFiles durable)
    {
        NoFollowPaths.EnsureParent(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("depl_id", Name);
            writer.WriteBoolean("finalization_locked", FinalizationLocked);
            writer.WriteEndObject();
        }
        durable.WriteFile(path, buffer.ToArray());
    }

    /// <summary>Removes the marker durably; false when there was none.</summary>
    public static bool Delete(string path, DurableFiles durable)
    {
        NoFollowPaths.EnsureParent(path);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        durable.SyncDirectory(Path.GetDirectoryName(path)!);
        return true;
    }
}
