using BootcPlug.Testing;

namespace BootcPlug.Templates.Tests;

/// <summary>Every test here shares one <see cref="TemplateHive"/>, one test at a time: dotnet new runs are not made
/// to share a hive side by side.</summary>
[CollectionDefinition(nameof(TemplateHive))]
public sealed class TemplateHiveCollection : ICollectionFixture<TemplateHive>
{
}

/// <summary>The template installed from its folder in the repository into a private hive (the user's own template
/// list is never touched).</summary>
public sealed class TemplateHive : IDisposable
{
    private readonly TempDir _dir = new();

    public TemplateHive() =>
        Dotnet.Run(_dir.Path, null, "new", "install", Dotnet.Metadata("TemplateFolder"),
            "--debug:custom-hive", _dir["hive"]);

    /// <summary>Runs <c>dotnet new bootcplug-plugin -n NAME</c> into a new folder under <paramref name="parent"/>
    /// and returns that folder.</summary>
    public string Create(string parent, string name)
    {
        string output = Path.Combine(parent, name);
        Dotnet.Run(parent, null, "new", "bootcplug-plugin", "-n", name, "-o", output,
            "--debug:custom-hive", _dir["hive"]);
        return output;
    }

    public void Dispose() => _dir.Dispose();
}
