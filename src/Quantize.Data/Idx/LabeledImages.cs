namespace Quantize.Data.Idx;

/// <summary>Images (count × rows × cols bytes, 0 = background) with one class label each.</summary>
public sealed record LabeledImages(byte[] Pixels, byte[] Labels, int Rows, int Columns)
{
    public int Count => Labels.Length;

    public int PixelsPerImage => Rows * Columns;

    /// <summary>The first <paramref name="count"/> images, for calibration slices and quick tests.</summary>
    public LabeledImages Take(int count)
    {
        count = Math.Min(count, Count);
        return new LabeledImages(Pixels[..(count * PixelsPerImage)], Labels[..count], Rows, Columns);
    }
}
