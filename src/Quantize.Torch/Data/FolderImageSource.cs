using Quantize.Data.Images;

namespace Quantize.Torch.Data;

/// <summary>The files of one image-folder split, decoded on demand (a split can be far larger than memory).</summary>
internal sealed class FolderImageSource(ImageFolderSplit split) : IImageSource
{
    public ImageFolderSplit Split { get; } = split;

    public int Count => Split.Count;

    public string Description => $"image folder {Split.Directory}";

    public (ImageSize Size, int Channels)? Fixed => null;

    public DecodedImage Load(int position) => ImageDecoder.LoadRgb(Split.Files[position]);

    public int Label(int position) => Split.Labels[position];
}
