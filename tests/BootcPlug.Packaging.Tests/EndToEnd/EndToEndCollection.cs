namespace BootcPlug.Packaging.Tests.EndToEnd;

/// <summary>Every end-to-end test class shares one <see cref="PackedArtifactsFixture"/>: packing runs once.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<PackedArtifactsFixture>
{
    public const string Name = "packed artifacts";
}
