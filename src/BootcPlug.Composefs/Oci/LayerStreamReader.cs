using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Oci.Tar;
using BootcPlug.Composefs.Repository;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Oci;

/// <summary>Reads the members of a stored layer splitstream with their content, as composefs leaf contents.</summary>
internal static class LayerStreamReader
{
    public static IEnumerable<(TarEntry Entry, LeafContent? Content)> Read(ComposefsRepository repository,
        ObjectId layer, string where)
    {
        using var reader = SplitstreamContentReader.Open(RepositoryStreams.Read(repository, layer), where,
            repository.Algorithm, LayerSplitter.LayerContentType);
        var headers = new TarHeaderReader(block => reader.ReadInline(block), _ => { }, where);
        while (headers.Next() is { } entry)
        {
            var data = reader.ReadData(entry.Size, entry.StoredSize);
            LeafContent? content = entry.Type switch
            {
                TarEntryType.Regular when data.External is { } id => new ExternalFile(id, (ulong)entry.Size),
                TarEntryType.Regular when data.Inline!.Length > LayerSplitter.InlineLimit =>
                    throw new ComposefsFormatException(where, null,
                        $"'{entry.DisplayPath}' ({entry.Size} bytes) is stored inline"),
                TarEntryType.Regular => new InlineFile(data.Inline!),
                TarEntryType.Symlink => new SymlinkTarget(entry.LinkTarget),
                TarEntryType.CharacterDevice => new CharacterDevice(entry.DeviceNumber),
                TarEntryType.BlockDevice => new BlockDevice(entry.DeviceNumber),
                TarEntryType.Fifo => new Fifo(),
                _ => null,
            };
            if (data.External is not null && entry.Type != TarEntryType.Regular)
                throw new ComposefsFormatException(where, null, $"'{entry.DisplayPath}' has external data");
            yield return (entry, content);
        }
    }
}
