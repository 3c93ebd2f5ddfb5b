using System.Runtime.ExceptionServices;
using Quantize.Data.Images;
using static TorchSharp.torch;

namespace Quantize.Torch.Data;

/// <summary>
/// Labelled images (IDX or an image folder) bound to a model's image input: each batch is one float tensor, already
/// resized, converted, scaled and normalised (<see cref="ImageTransform"/>) and in the input's layout, plus int64 labels.
/// Images are decoded on demand; once prepared they are kept when the whole split fits in <see cref="CacheBytes"/>.
/// </summary>
public sealed class ImageModelData : IModelData
{
    /// <summary>Prepared 8-bit images are cached up to this size (a 224×224 RGB image is 150 KB: ~3,500 images).</summary>
    public const long CacheBytes = 512L << 20;

    readonly IImageSource source;
    readonly DecodedImage?[]? cache;
    readonly bool sizeFromFirstImage;

    internal ImageModelData(IImageSource source, string inputName, ImageInputPlan plan, ScalarType type, IReadOnlyList<string>? classes)
    {
        this.source = source;
        InputName = inputName;
        Transform = plan.Transform;
        Layout = plan.Layout;
        ElementType = type;
        Classes = classes;
        sizeFromFirstImage = plan.SizeFromFirstImage;
        int bytesPerImage = Transform.Size.Height * Transform.Size.Width * (Transform.Channels == ChannelOrder.Gray ? 1 : 3);
        if ((long)bytesPerImage * source.Count <= CacheBytes) cache = new DecodedImage?[source.Count];
    }

    public int Count => source.Count;

    public bool HasLabels => true;

    /// <summary>The graph input the images feed.</summary>
    public string InputName { get; }

    /// <summary>Size, channels, layout and normalisation applied to every image.</summary>
    public ImageTransform Transform { get; }

    public ImageTensorLayout Layout { get; }

    /// <summary>The tensor type the input declares (float32 unless it says float16, bfloat16 or double).</summary>
    public ScalarType ElementType { get; }

    /// <summary>Class names by index for an image folder; null for IDX data (classes 0..9).</summary>
    public IReadOnlyList<string>? Classes { get; }

    /// <summary>One sample's shape, without the batch axis (e.g. [3,224,224] for NCHW).</summary>
    public long[] SampleShape
    {
        get
        {
            long h = Transform.Size.Height, w = Transform.Size.Width, c = Transform.ChannelCount;
            return Layout switch
            {
                ImageTensorLayout.Nchw => [c, h, w],
                ImageTensorLayout.Nhwc => [h, w, c],
                ImageTensorLayout.Nhw => [h, w],
                _ => [c * h * w],
            };
        }
    }

    /// <summary>The label of the sample at a position.</summary>
    public int Label(int position) => source.Label(position);

    public ModelBatch Batch(ReadOnlySpan<int> positions, Device? device = null)
    {
        int size = Transform.ValuesPerImage;
        var values = new float[positions.Length * size];
        var labels = new long[positions.Length];
        int[] at = positions.ToArray();
        foreach (int p in at)
            if ((uint)p >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(positions), $"position {p} is outside 0..{Count - 1}");
        // Each image lands in its own slice, so decoding in parallel gives the same bytes as in order; of several
        // failures the first in batch order is thrown, so the message does not depend on thread timing.
        var failures = new Exception?[at.Length];
        Parallel.For(0, at.Length, b =>
        {
            try
            {
                Transform.Write(Prepared(at[b]), values.AsSpan(b * size, size));
            }
            catch (Exception e) when (e is ModelDataException or ImageDataException)
            {
                failures[b] = e;
            }
        });
        if (failures.FirstOrDefault(f => f != null) is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
        for (int b = 0; b < at.Length; b++) labels[b] = source.Label(at[b]);

        Tensor pixels = tensor(values, [positions.Length, .. SampleShape]);
        if (ElementType != ScalarType.Float32)
        {
            Tensor cast = pixels.to_type(ElementType);
            pixels.Dispose();
            pixels = cast;
        }
        Tensor labelTensor = tensor(labels);
        if (device != null)
        {
            pixels = pixels.MoveTo(device);
            labelTensor = labelTensor.MoveTo(device);
        }
        return new ModelBatch(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [InputName] = pixels }, labelTensor);
    }

    DecodedImage Prepared(int position)
    {
        if (cache?[position] is { } kept) return kept;
        DecodedImage image = source.Load(position);
        if (sizeFromFirstImage && image.Size != Transform.Size)
            throw new ModelDataException(
                $"{Describe(position)} is {image.Height}x{image.Width} but the first image is {Transform.Size.Height}x{Transform.Size.Width}, and the model's input does not fix a size (pass --image-size H,W)");
        DecodedImage prepared = Transform.Prepare(image);
        if (cache != null) cache[position] = prepared;
        return prepared;
    }

    string Describe(int position) => source is FolderImageSource folder ? folder.Split.Files[position] : $"image {position} of {source.Description}";
}
