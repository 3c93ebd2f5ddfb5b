using System.Buffers.Binary;

namespace Quantize.Data.Images;

/// <summary>
/// The two sizes of a BMP header that ImageSharp 2.1 allocates from without looking at the file's length: where the
/// pixels start (the gap before them is read as a palette) and how many palette colours are used. 41 to 104 bytes of BMP
/// made it allocate 100 MB to 2 GB (found by fuzzing, docs/fuzzing.md); both must lie inside the file.
/// </summary>
static class BmpHeader
{
    const int FileHeaderBytes = 14;
    const int ColorsUsedAt = FileHeaderBytes + 32; // in a BITMAPINFOHEADER or any later version

    public static bool IsBmp(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == (byte)'B' && bytes[1] == (byte)'M';

    /// <summary>What is wrong with the header's sizes, or null when both fit the file.</summary>
    public static string? Problem(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < FileHeaderBytes + 4) return null; // too short for anything to allocate; the decoder says so
        uint pixelsAt = BinaryPrimitives.ReadUInt32LittleEndian(bytes[10..]);
        if (pixelsAt > bytes.Length) return $"its pixels start at byte {pixelsAt}, past the end of its {bytes.Length} bytes";
        uint infoHeader = BinaryPrimitives.ReadUInt32LittleEndian(bytes[FileHeaderBytes..]);
        if (infoHeader >= 40 && bytes.Length >= ColorsUsedAt + 4)
        {
            ulong colors = BinaryPrimitives.ReadUInt32LittleEndian(bytes[ColorsUsedAt..]);
            if (colors * 4 > (ulong)bytes.Length) return $"it declares a palette of {colors} colours in {bytes.Length} bytes";
        }
        return null;
    }
}
