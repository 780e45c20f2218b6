namespace BootcPlug.Bootloaders.Formats.Bls;

/// <summary>Turns the deployment layer's <see cref="EntryTemplate"/> into BLS entries.</summary>
public static class EntryTemplates
{
    /// <summary>
    /// The path of a UKI under the ESP, as entries and grub menus name it:
    /// <c>/EFI/Linux/bootc/bootc_composefs-&lt;name&gt;.efi</c>.
    /// </summary>
    public static string UkiPath(string artifactName) => "/EFI/Linux/bootc/" + ArtifactNames.UkiFile(artifactName);

    /// <summary>
    /// A Type1 entry booting <c>&lt;kernelDirPrefix&gt;/bootc_composefs-&lt;name&gt;/vmlinuz</c> and its <c>initrd</c>.
    /// </summary>
    /// <param name="template">The deployment's entry; its <see cref="EntryTemplate.Options"/> must carry
    /// <c>composefs=&lt;id&gt;</c>.</param>
    /// <param name="kernelDirPrefix">Where kernel dirs are, as the boot loader sees it: <c>/boot</c>, <c>""</c> or
    /// <c>/EFI/Linux</c>.</param>
    public static BlsEntry Type1(EntryTemplate template, string kernelDirPrefix)
    {
        if (template.BootType != BootArtifactType.Bls)
            throw new ArgumentException($"Deployment {template.Deployment} boots a UKI, not a Type1 kernel.");
        var karg = ComposefsKarg.Find(template.Options);
        if (karg is null || karg.Verity != template.Deployment.Value)
            throw new ArgumentException($"The options of deployment {template.Deployment} must contain "
                + $"composefs={template.Deployment} (got: '{template.Options}').");
        var dir = $"{kernelDirPrefix.TrimEnd('/')}/{ArtifactNames.KernelDir(template.BootArtifactName)}";
        var entry = new BlsEntry
        {
            Title = template.Title,
            Version = template.Version,
            Linux = $"{dir}/{KernelDirArtifacts.Kernel}",
            Options = template.Options,
            MachineId = template.MachineId,
        };
        entry.Initrd.Add($"{dir}/{KernelDirArtifacts.Initrd}");
        return entry;
    }

    /// <summary>A Type2 entry pointing at the deployment's UKI with the given key (<c>efi</c> or <c>uki</c>).</summary>
    public static BlsEntry Uki(EntryTemplate template, string key)
    {
        if (template.BootType != BootArtifactType.Uki)
            throw new ArgumentException($"Deployment {template.Deployment} boots a Type1 kernel, not a UKI.");
        return new BlsEntry
        {
            Title = template.Title,
            Version = template.Version,
            Efi = UkiPath(template.BootArtifactName),
            EfiKey = key,
            MachineId = template.MachineId,
        };
    }
}
