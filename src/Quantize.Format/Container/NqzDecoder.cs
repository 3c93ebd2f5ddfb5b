using Quantize.Core.Scaling;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Container;

/// <summary>Restores the quantized tensors of a container and the ONNX model that holds them.</summary>
public static class NqzDecoder
{
    public static IReadOnlyList<ParameterTensor> DecodeTensors(NqzBody body)
    {
        var tensors = new List<ParameterTensor>(body.Tensors.Count);
        var decoded = new int[body.Codebooks.Count][];
        var shared = new float[body.Codebooks.Count][];
        var positions = new long[body.Codebooks.Count];
        foreach (QuantizedTensor tensor in body.Tensors)
        {
            int c = (int)tensor.Codebook;
            Codebook codebook = body.Codebooks[c];
            decoded[c] ??= CodedIndices.Decode(codebook, c, CodedIndices.Segments(body, c));
            float[] codebookValues = shared[c] ??= SharedValues.Of(codebook);
            long count = TensorData.ElementCount(tensor.Dims);
            var values = new float[count]; // pruned elements stay +0.0f
            if (KeptPositions(tensor, count) is { } at)
            {
                ReadOnlySpan<int> indices = decoded[c].AsSpan((int)positions[c], at.Length);
                for (int i = 0; i < at.Length; i++) values[at[i]] = codebookValues[indices[i]];
                positions[c] += at.Length;
            }
            else
            {
                ReadOnlySpan<int> indices = decoded[c].AsSpan((int)positions[c], (int)count);
                for (int i = 0; i < values.Length; i++) values[i] = codebookValues[indices[i]];
                positions[c] += count;
            }
            long[] dims = tensor.Dims.ToArray();
            if (ContainerScales.Of(tensor) is { } scales) ScaleNormalization.Denormalize(values, dims, scales);
            tensors.Add(new ParameterTensor(tensor.Name, dims, values));
        }
        return tensors;
    }

    /// <summary>The kept positions of a pruned tensor (index differences or significance flags), or null for a dense one.</summary>
    public static int[]? KeptPositions(QuantizedTensor tensor, long elementCount) =>
        tensor.Significance is { } significance ? CodedSignificance.Decode(significance, tensor.Dims.ToArray(), tensor.Name)
        : tensor.Positions is { } positions ? CodedPositions.Decode(positions, elementCount, tensor.Name)
        : null;

    /// <summary>The source model with every quantized tensor filled with its restored values, in its stored type.</summary>
    public static ModelProto DecodeModel(NqzBody body, string description)
    {
        ModelProto skeleton = Skeleton(body, description);
        try
        {
            ModelParameters.FillValues(skeleton, DecodeTensors(body)); // freshly parsed: no copy needed
            return skeleton;
        }
        catch (OnnxFormatException e)
        {
            throw new NqzFormatException($"{description} is invalid: {e.Message}", e);
        }
    }

    /// <summary>
    /// Everything <see cref="DecodeModel"/> checks, without holding the restored model: the skeleton parses and names every
    /// tensor with its shape, every index stream and every tensor's positions decode and account for exactly their elements.
    /// For a writer that must know its container decodes but has no use for the model (memory stays at a chunk of indices
    /// and one tensor's positions).
    /// </summary>
    public static void Verify(NqzBody body, string description)
    {
        Skeleton(body, description);
        const int Chunk = 1 << 16;
        var chunk = new int[Chunk];
        var readers = new CodedIndices.IndexReader?[body.Codebooks.Count];
        foreach (QuantizedTensor tensor in body.Tensors)
        {
            int c = (int)tensor.Codebook;
            CodedIndices.IndexReader reader = readers[c] ??= new CodedIndices.IndexReader(body.Codebooks[c], c, CodedIndices.Segments(body, c));
            long count = TensorData.ElementCount(tensor.Dims);
            if (KeptPositions(tensor, count) is { } kept) count = kept.Length;
            for (long done = 0; done < count; done += Chunk)
                reader.Read(chunk.AsSpan(0, (int)Math.Min(Chunk, count - done)));
        }
        foreach (CodedIndices.IndexReader? reader in readers) reader?.Finish(); // as DecodeTensors, codebooks no tensor uses are not read
    }

    // The model inside the container, checked against the tensors the container lists.
    static ModelProto Skeleton(NqzBody body, string description)
    {
        ModelProto skeleton;
        try
        {
            skeleton = OnnxModelFile.Parse(body.ModelSkeleton.ToByteArray(), $"the model inside {description}");
        }
        catch (OnnxFormatException e)
        {
            throw new NqzFormatException(e.Message, e);
        }
        Dictionary<string, TensorSite> tensors; // any floating tensor, by the identity docs/onnx.md defines
        try
        {
            tensors = ModelTensors.FloatingByIdentity(skeleton);
        }
        catch (OnnxFormatException e)
        {
            throw new NqzFormatException($"{description} is invalid: {e.Message}", e);
        }
        foreach (QuantizedTensor tensor in body.Tensors)
        {
            if (!tensors.TryGetValue(tensor.Name, out TensorSite? site))
                throw new NqzFormatException($"{description} is invalid: tensor '{tensor.Name}' is not an initializer of its model (nor another floating-point tensor of it)");
            if (!site.Tensor.Dims.SequenceEqual(tensor.Dims))
                throw new NqzFormatException($"{description} is invalid: tensor '{tensor.Name}' has another shape than its initializer");
        }
        return skeleton;
    }
}
