using Quantize.Data.Images;
using Quantize.Data.Idx;

namespace Quantize.Torch.Data;

/// <summary>An IDX image set as a source of gray images.</summary>
internal sealed class IdxImageSource(LabeledImages images, string directory) : IImageSource
{
    public int Count => images.Count;

    public string Description => $"the IDX images in {directory} are 1x{images.Rows}x{images.Columns}";

    public (ImageSize Size, int Channels)? Fixed => (new ImageSize(images.Rows, images.Columns), 1);

    public DecodedImage Load(int position) =>
        new(images.Columns, images.Rows, 1, images.Pixels.AsSpan(position * images.PixelsPerImage, images.PixelsPerImage).ToArray());

    public int Label(int position) => images.Labels[position];
}
