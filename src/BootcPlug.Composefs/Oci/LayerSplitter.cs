using System.Security.Cryptography;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Oci.Tar;
using BootcPlug.Composefs.Repository;

namespace BootcPlug.Composefs.Oci;

/// <summary>
/// Turns an uncompressed layer tar into a layer splitstream as composefs-rs does: every header byte, the data of
/// non-regular members and of regular files of at most <see cref="InlineLimit"/> bytes, tar padding and whatever
/// follows the end-of-archive blocks stay inline; the data of larger regular files is stored as objects and
/// referenced. The sha256 of the whole tar (the layer's diff_id) is computed on the way.
/// </summary>
internal sealed class LayerSplitter
{
    /// <summary>
    /// Regular files larger than this many bytes become objects (composefs-rs's INLINE_CONTENT_MAX_V0).
    /// </summary>
    public const int InlineLimit = 64;

    /// <summary>Objects up to this size are hashed in memory; larger ones are spooled to a temporary file.</summary>
    private const int InMemoryObjectLimit = 32 << 20;

    public static readonly ulong LayerContentType = BitConverter.ToUInt64("ocilayer"u8);

    private readonly ComposefsRepository _repository;
    private readonly Stream _tar;
    private readonly string _where;
    private readonly IncrementalHash _diffId = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    private LayerSplitter(ComposefsRepository repository, Stream tar, string where)
    {
        _repository = repository;
        _tar = tar;
        _where = where;
    }

    /// <summary>Splits <paramref name="tar"/> into a splitstream; returns it and the tar's sha256.</summary>
    public static (SplitstreamWriter Stream, OciDigest DiffId) Split(ComposefsRepository repository, Stream tar,
        string where)
    {
        var splitter = new LayerSplitter(repository, tar, where);
        var writer = new SplitstreamWriter(repository.Algorithm, LayerContentType);
        try
        {
            splitter.Run(writer);
            return (writer, OciDigest.FromSha256(splitter._diffId.GetHashAndReset()));
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    private void Run(SplitstreamWriter writer)
    {
        var headers = new TarHeaderReader(ReadBlock, raw => writer.WriteInline(raw), _where);
        while (headers.Next() is { } entry)
        {
            TarPath.Components(entry.Path, _where);
            if (entry.Type == TarEntryType.Regular && entry.Size > InlineLimit)
            {
                var id = StoreData(entry);
                writer.WriteExternal(id, (ulong)entry.Size);
                CopyInline(writer, entry.StoredSize - entry.Size, entry);
            }
            else
            {
                CopyInline(writer, entry.StoredSize, entry);
            }
        }
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = ReadSome(buffer)) > 0) writer.WriteInline(buffer.AsSpan(0, read));
    }

    private ObjectId StoreData(TarEntry entry)
    {
        if (entry.Size <= InMemoryObjectLimit)
        {
            var data = new byte[entry.Size];
            ReadExactly(data, entry);
            return _repository.StoreObject(data);
        }
        string objects = Path.Combine(_repository.Path, ComposefsRepository.ObjectsDirectory);
        Directory.CreateDirectory(objects);
        string spool = ObjectTempFiles.PathIn(objects);
        try
        {
            using (var output = new FileStream(spool, FileMode.CreateNew, FileAccess.Write))
            {
                var buffer = new byte[1 << 20];
                long left = entry.Size;
                while (left > 0)
                {
                    int chunk = (int)Math.Min(buffer.Length, left);
                    ReadExactly(buffer.AsSpan(0, chunk), entry);
                    output.Write(buffer, 0, chunk);
                    left -= chunk;
                }
            }
            return _repository.StoreObjectFromFile(spool);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private void CopyInline(SplitstreamWriter writer, long count, TarEntry entry)
    {
        var buffer = new byte[(int)Math.Min(count, 64 * 1024)];
        while (count > 0)
        {
            int chunk = (int)Math.Min(buffer.Length, count);
            ReadExactly(buffer.AsSpan(0, chunk), entry);
            writer.WriteInline(buffer.AsSpan(0, chunk));
            count -= chunk;
        }
    }

    private bool ReadBlock(Span<byte> block)
    {
        int done = 0;
        while (done < block.Length)
        {
            int read = ReadSome(block[done..]);
            if (read == 0)
            {
                if (done == 0) return false;
                throw new ComposefsFormatException(_where, null, "layer tar is truncated (ends inside a header)");
            }
            done += read;
        }
        return true;
    }

    private void ReadExactly(Span<byte> buffer, TarEntry entry)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int read = ReadSome(buffer[done..]);
            if (read == 0)
                throw new ComposefsFormatException(_where, null,
                    $"layer tar is truncated (ends inside the data of '{entry.DisplayPath}')");
            done += read;
        }
    }

    private int ReadSome(Span<byte> buffer)
    {
        int read = _tar.Read(buffer);
        _diffId.AppendData(buffer[..read]);
        return read;
    }
}
