namespace Quantize.Data.Idx;

/// <summary>An unsigned-byte IDX array: its dimensions (outermost first) and data in row-major order.</summary>
public sealed record IdxArray(int[] Dims, byte[] Data)
{
    public int Count => Dims[0];
}
