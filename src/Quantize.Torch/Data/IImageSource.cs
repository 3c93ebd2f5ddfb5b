using Quantize.Data.Images;

namespace Quantize.Torch.Data;

/// <summary>Labelled 8-bit images by position, before preprocessing (IDX arrays, files of an image folder).</summary>
internal interface IImageSource
{
    int Count { get; }

    /// <summary>E.g. "the dataset's images are 1x28x28" or "image folder DIR/test", for messages.</summary>
    string Description { get; }

    /// <summary>The common size and channel count of every image when known without decoding them all.</summary>
    (ImageSize Size, int Channels)? Fixed { get; }

    DecodedImage Load(int position);

    int Label(int position);
}
