using BootcPlug.Bootloaders;

namespace BootcPlug.Deployments.Operations.Lifecycle;

/// <summary>
/// A deployment id as an admin types it: the whole id or its first <see cref="MinimumLength"/> or more lowercase
/// hex digits. Parsed where the text comes in (the command line); matched against ids, never turned into a path.
/// </summary>
public readonly record struct DeploymentIdPrefix
{
    public const int MinimumLength = DeploymentId.ShortLength;

    private DeploymentIdPrefix(string text) => Text = text;

    public string Text { get; }

    public bool Matches(DeploymentId id) => id.Value.StartsWith(Text, StringComparison.Ordinal);

    public static DeploymentIdPrefix Parse(string text) =>
        text.Length >= MinimumLength && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'))
            ? new DeploymentIdPrefix(text)
            : throw new UsageException(
                $"'{text}' is not a deployment id: "
                    + $"give the verity, or at least its first {MinimumLength} lowercase hex digits");

    public static DeploymentIdPrefix Of(DeploymentId id) => new(id.Value);

    public override string ToString() => Text;
}
