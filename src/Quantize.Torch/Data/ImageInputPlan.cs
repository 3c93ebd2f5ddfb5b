using Quantize.Data.Images;
using Quantize.Torch.Onnx;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Data;

/// <summary>
/// Resolves the preprocessing options against one declared image input: its layout, channel count and size (the
/// options win where given; otherwise the declared shape; otherwise the images' own). For IDX data (strict) the
/// 28×28 gray images are converted only when the user asks (<c>--image-size</c>, <c>--channels</c>), so a model made
/// for other images is reported as not fitting instead of scored on blown-up digits.
/// </summary>
internal sealed record ImageInputPlan(ImageTransform Transform, ImageTensorLayout Layout, bool SizeFromFirstImage)
{
    public static ImageInputPlan For(DeclaredValue input, ImagePreprocessing options, IImageSource source, bool strict)
    {
        ModelDataException Unfit(string why) => new($"model input '{input.Name}' takes {input.Description}; {why}");

        if (!input.MayBeFloating) throw Unfit($"{source.Description}, fed as floats (token ids and other integer inputs come from .npz)");
        ImageTensorLayout layout = LayoutOf(input) ?? throw Unfit($"{source.Description}; an image input has rank 2 (flat), 3 (N,H,W) or 4 (NCHW or NHWC)");
        (long? channels, long? height, long? width) = layout switch
        {
            ImageTensorLayout.Nchw => (input.Dim(1), input.Dim(2), input.Dim(3)),
            ImageTensorLayout.Nhwc => (input.Dim(3), input.Dim(1), input.Dim(2)),
            ImageTensorLayout.Nhw => (1L, input.Dim(1), input.Dim(2)),
            _ => ((long?)null, (long?)null, (long?)null),
        };
        (ImageSize Size, int Channels)? own = source.Fixed;

        // Size: --image-size, else the declared height and width, else the images' own.
        ImageSize? size = options.Size;
        if (size is { } asked && ((height != null && height != asked.Height) || (width != null && width != asked.Width)))
            throw Unfit($"--image-size {asked.Height},{asked.Width} does not match it");
        size ??= height != null && width != null ? new ImageSize((int)height, (int)width)
            : own is { } o ? new ImageSize((int)(height ?? o.Size.Height), (int)(width ?? o.Size.Width)) : null;
        bool fromFirst = size == null;
        size ??= FirstImageSize(source);
        if (strict && options.Size == null && own is { } fixedOwn && size != fixedOwn.Size)
            throw Unfit($"{source.Description} (pass --image-size to resize them)");

        // Channels: the declared count, else --channels, else the images' own (flat inputs: from the declared length).
        if (layout == ImageTensorLayout.Flat && input.Dim(1) is long flat)
        {
            long area = (long)size.Value.Height * size.Value.Width;
            if (flat % area != 0 || flat / area is not (1 or 3))
                throw Unfit($"images of {size.Value.Height}x{size.Value.Width} give {area} or {3 * area} values (pass --image-size)");
            channels = flat / area;
        }
        int count = (int)(channels ?? (options.Channels is { } c ? (c == ChannelOrder.Gray ? 1 : 3) : own?.Channels ?? 3));
        if (count is not (1 or 3)) throw Unfit($"{source.Description}; images have 1 (gray) or 3 (RGB/BGR) channels");
        ChannelOrder order = options.Channels ?? (count == 1 ? ChannelOrder.Gray : ChannelOrder.Rgb);
        if (order != ChannelOrder.Gray && count == 1) throw Unfit($"--channels {order.ToString().ToLowerInvariant()} gives 3 channels, the input takes 1 (use --channels gray)");
        if (strict && options.Channels == null && own is { } mine && count != mine.Channels)
            throw Unfit($"{source.Description} (pass --channels rgb to feed them as RGB)");

        (float[] mean, float[] std) = Normalisation(options, count, input);
        var transform = new ImageTransform(size.Value, order, count, layout == ImageTensorLayout.Nhwc, mean, std);
        return new ImageInputPlan(transform, layout, fromFirst);
    }

    /// <summary>The tensor type the input declares (float32 when it does not say).</summary>
    public static TorchSharp.torch.ScalarType FloatType(DeclaredValue input) => (DataType)input.ElementType switch
    {
        DataType.Float16 => TorchSharp.torch.ScalarType.Float16,
        DataType.Bfloat16 => TorchSharp.torch.ScalarType.BFloat16,
        DataType.Double => TorchSharp.torch.ScalarType.Float64,
        _ => TorchSharp.torch.ScalarType.Float32,
    };

    /// <summary>Rank 4 is NHWC when the last axis looks like channels (1 or 3) and the second does not.</summary>
    static ImageTensorLayout? LayoutOf(DeclaredValue input) => input.Rank switch
    {
        null => ImageTensorLayout.Nchw,
        4 when input.Dim(3) is 1 or 3 && input.Dim(1) is not (1 or 3) => ImageTensorLayout.Nhwc,
        4 => ImageTensorLayout.Nchw,
        3 => ImageTensorLayout.Nhw,
        2 => ImageTensorLayout.Flat,
        _ => null,
    };

    static ImageSize FirstImageSize(IImageSource source)
    {
        if (source.Count == 0) throw new ModelDataException($"{source.Description} holds no images");
        return source.Load(0).Size;
    }

    static (float[] Mean, float[] Std) Normalisation(ImagePreprocessing options, int channels, DeclaredValue input)
    {
        try
        {
            return options.For(channels);
        }
        catch (ImagePreprocessingException e)
        {
            throw new ModelDataException($"{e.Message} ('{input.Name}' is {input.Description})", e);
        }
    }
}
