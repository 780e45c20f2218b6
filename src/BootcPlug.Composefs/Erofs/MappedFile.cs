using System.Buffers;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace BootcPlug.Composefs.Erofs;

/// <summary>
/// A read-only memory map of a whole file exposed as <see cref="Memory{T}"/>: large images are read straight from
/// the page cache instead of being copied into a fresh array.
/// </summary>
internal sealed unsafe partial class MappedFile : MemoryManager<byte>
{
    private const int MADV_DONTNEED = 4;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;      // the view's first page
    private readonly byte* _pointer;    // the file's first byte, within that page
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
        _start = pointer;
        _pointer = pointer + _view.PointerOffset;
    }

    /// <summary>
    /// Takes the pages read so far out of the process's resident set (madvise MADV_DONTNEED): the file stays in the
    /// page cache, and a page touched again is mapped again from it. Advice only: a failure changes nothing.
    /// </summary>
    public void DropResidentPages() => Madvise(_start, (nuint)(_pointer - _start + _length), MADV_DONTNEED);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(byte* address, nuint length, int advice);

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
