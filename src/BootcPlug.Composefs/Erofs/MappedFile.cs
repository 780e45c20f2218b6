using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace BootcPlug.Composefs.Erofs;

/// <summary>
/// A read-only memory map of a whole file exposed as <see cref="Memory{T}"/>: large images are read straight from
/// the page cache instead of being copied into a fresh array.
/// </summary>
internal sealed unsafe class MappedFile : MemoryManager<byte>
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;

    /// <param name="file">An open file (symlinks already followed); its length is the mapped length.</param>
    public MappedFile(FileStream file)
    {
        long length = file.Length;
        _length = checked((int)length);
        _map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None,
            leaveOpen: false);
        try
        {
            _view = _map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        }
        catch
        {
            _map.Dispose();
            throw;
        }
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + _view.PointerOffset;
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
