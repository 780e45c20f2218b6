namespace BootcPlug.Bootloaders;

/// <summary>What the generated <see cref="DeploymentId"/> adds for people: the short form admins type and
/// read.</summary>
public readonly partial struct DeploymentId
{
    /// <summary>The length of <see cref="Short"/>: the shortest prefix that names a deployment on the command
    /// line.</summary>
    public const int ShortLength = 12;

    /// <summary>True when <paramref name="text"/> is a valid deployment id (and so may become a file name).</summary>
    public static bool IsValid(string? text) => TryParse(text, out _);

    /// <summary>The first <see cref="ShortLength"/> hex digits.</summary>
    public string Short => Value[..ShortLength];
}
