using static TorchSharp.torch;

namespace Quantize.Torch.Onnx;

/// <summary>
/// How a graph takes the N×1×H×W images we feed, read from its declared input: as they are (NCHW), flattened
/// to N×(H·W) (an MLP exported after a Flatten outside the graph), as N×H×W (a Keras model whose Flatten is
/// inside, via tf2onnx), or channels last, N×H×W×1 (tf2onnx keeps TensorFlow's NHWC).
/// </summary>
public enum ImageLayout
{
    AsIs,
    Flat,
    WithoutChannel,
    ChannelsLast,
}

public static class ImageLayouts
{
    /// <summary>The layout a declared input asks for; <see cref="ModelInputs.Check"/> says whether the images fit it.</summary>
    public static ImageLayout Of(DeclaredValue input) => input.Rank switch
    {
        2 => ImageLayout.Flat,
        3 => ImageLayout.WithoutChannel,
        4 when input.Dim(3) == 1 && input.Dim(1) != 1 => ImageLayout.ChannelsLast,
        _ => ImageLayout.AsIs,
    };

    /// <summary>Image batches (rank 4, one channel) in the layout; any other tensor is a caller's own input and passes unchanged.</summary>
    public static Tensor Apply(this ImageLayout layout, Tensor input)
    {
        if (layout == ImageLayout.AsIs || input.dim() != 4 || input.shape[1] != 1) return input;
        return layout switch
        {
            ImageLayout.Flat => input.flatten(1),
            ImageLayout.WithoutChannel => input.squeeze(1),
            _ => input.permute(0, 2, 3, 1),
        };
    }
}
