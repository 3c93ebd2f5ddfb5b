using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>ConvTranspose (1- to 3-D; groups, strides, dilations, explicit pads, output_padding).</summary>
static class TransposedConvolutionOps
{
    /// <summary>
    /// Computed as the plain convolution it is the adjoint of: zeros between the input's samples (stride − 1 per gap),
    /// then Conv with the kernel flipped and its channel roles swapped, padded by the dilated kernel's extent minus one.
    /// libtorch 2.10's own conv_transpose2d on the CPU gave wrong values for stride 1 and batches above 1 (measured
    /// against ONNX Runtime), while its convolutions agree everywhere the oracle tests look. torch pads only symmetrically and limits output_padding, so the full transposed convolution runs unpadded
    /// and one pad call then cuts the ONNX pads off each side and appends output_padding (negative pads crop);
    /// the bias comes last so the appended cells get it as well, as in ONNX.
    /// </summary>
    public static Tensor ConvTranspose(OnnxNode node)
    {
        Tensor input = node.Input(0), weight = node.Input(1);
        Tensor? bias = node.OptionalInput(2);
        int rank = (int)weight.dim() - 2;
        if (input.dim() != rank + 2) throw node.Error($"input has rank {input.dim()} but the weight is for {rank}-D convolution");
        NodeAttributes a = node.Attributes;
        if (a.Has("output_shape")) throw node.Error("the output_shape attribute is not supported; give pads instead");
        string autoPad = a.String("auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "VALID")) throw node.Error($"auto_pad '{autoPad}' is not supported; give pads instead");
        long[] strides = a.Ints("strides") ?? Padding.Ones(rank);
        long[] dilations = a.Ints("dilations") ?? Padding.Ones(rank);
        long[] outputPadding = a.Ints("output_padding") ?? new long[rank];
        long[] pads = autoPad == "VALID" ? new long[2 * rank] : a.Ints("pads") ?? new long[2 * rank];
        long groups = a.Int("group", 1);
        if (strides.Length != rank || dilations.Length != rank || outputPadding.Length != rank || pads.Length != 2 * rank)
            throw node.Error("strides, dilations, output_padding and pads must match the kernel's rank");
        Tensor full = FullByConvolution(node, input, weight, strides, dilations, groups);
        var torchPads = new long[2 * rank];
        bool any = false;
        for (int axis = 0; axis < rank; axis++)
        {
            int fromLast = rank - 1 - axis;
            torchPads[2 * fromLast] = -pads[axis];
            torchPads[2 * fromLast + 1] = outputPadding[axis] - pads[axis + rank];
            any |= torchPads[2 * fromLast] != 0 || torchPads[2 * fromLast + 1] != 0;
        }
        Tensor result = any ? nn.functional.pad(full, torchPads) : full;
        if (bias is null) return result;
        long[] channelShape = [bias.shape[0], .. Enumerable.Repeat(1L, rank)];
        return result.add(bias.reshape(channelShape), ScalarOne.Value);
    }

    // The unpadded transposed convolution, [N, C_out, (in − 1)·stride + dilation·(k − 1) + 1, ...].
    static Tensor FullByConvolution(OnnxNode node, Tensor input, Tensor weight, long[] strides, long[] dilations, long groups)
    {
        int rank = strides.Length;
        long inputChannels = weight.shape[0], outputPerGroup = weight.shape[1];
        if (input.shape[1] != inputChannels) throw node.Error($"input has {input.shape[1]} channels, the weight {inputChannels}");
        if (inputChannels % groups != 0) throw node.Error($"{inputChannels} input channels do not split into {groups} groups");
        Tensor spread = input;
        for (int axis = 0; axis < rank; axis++) spread = Spread(spread, axis + 2, strides[axis]);
        long[] kernel = weight.shape[2..];
        long[] spatial = Enumerable.Range(2, rank).Select(d => (long)d).ToArray();
        // [C_in, C_out/g, k...] → [g, C_in/g, C_out/g, k...] → [C_out, C_in/g, k...], each kernel turned around.
        Tensor flipped = weight.flip(spatial)
            .reshape([groups, inputChannels / groups, outputPerGroup, .. kernel])
            .transpose(1, 2)
            .reshape([groups * outputPerGroup, inputChannels / groups, .. kernel]);
        long[] padding = Enumerable.Range(0, rank).Select(i => dilations[i] * (kernel[i] - 1)).ToArray();
        return rank switch
        {
            1 => nn.functional.conv1d(spread, flipped, null, 1, padding[0], dilations[0], groups),
            2 => nn.functional.conv2d(spread, flipped, null, Padding.Ones(2), padding, dilations, groups),
            3 => nn.functional.conv3d(spread, flipped, null, Padding.Ones(3), padding, dilations, groups),
            _ => throw node.Error($"{rank}-D convolution is not supported"),
        };
    }

    // Puts stride − 1 zeros between neighbours along one axis: [.., L, ..] → [.., (L − 1)·stride + 1, ..].
    static Tensor Spread(Tensor input, int axis, long stride)
    {
        if (stride == 1) return input;
        long length = input.shape[axis];
        Tensor last = input.movedim([axis], [-1]).unsqueeze(-1);
        Tensor padded = nn.functional.pad(last, new long[] { 0, stride - 1 });
        Tensor joined = padded.reshape([.. padded.shape[..^2], length * stride]).narrow(-1, 0, (length - 1) * stride + 1);
        return joined.movedim([-1], [axis]);
    }
}
