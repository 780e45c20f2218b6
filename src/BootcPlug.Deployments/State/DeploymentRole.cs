namespace BootcPlug.Deployments.State;

/// <summary>
/// What a deployment is to the host, decided once by <see cref="HostInventory"/> and read by every verb.
/// </summary>
public enum DeploymentRole
{
    /// <summary>Named by the running kernel's <c>composefs=</c> argument.</summary>
    Booted,

    /// <summary>The first entry of the staged set (what finalize makes the default), unless it is booted.</summary>
    Staged,

    /// <summary>The first deployment of the live menu that status can show, other than booted and staged.</summary>
    Rollback,

    /// <summary>Anything else with boot entries.</summary>
    Other,
}
