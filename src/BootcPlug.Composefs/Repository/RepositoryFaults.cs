namespace BootcPlug.Composefs.Repository;

/// <summary>
/// For crash tests: the steps of object storage, image commit and the repository sweep report here just before
/// they run. The host routes them to its fault points (this assembly knows nothing of them); a hook that throws or
/// kills the process stops the write there. Flows with the async context, so tests do not interfere.
/// </summary>
public static class RepositoryFaults
{
    private static readonly AsyncLocal<Action<string>?> s_stepHook = new();

    public static Action<string>? StepHook
    {
        get => s_stepHook.Value;
        set => s_stepHook.Value = value;
    }

    public static void Step(string name) => s_stepHook.Value?.Invoke(name);
}
