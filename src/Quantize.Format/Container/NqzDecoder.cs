using Quantize.Core.Scaling;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Container;

/// <summary>Restores the quantized tensors of a container and the ONNX model that holds them.</summary>
public static class NqzDecoder
{
    public static IReadOnlyList<ParameterTensor> DecodeTensors(NqzBody body) => EnumerateTensors(body).ToList();

    /// <summary>
    /// The restored tensors one at a time, in the container's order: a caller that writes each out before asking for the
    /// next holds one tensor's values and positions and a chunk of indices (an ANS codebook decodes whole, 4 bytes an index).
    /// Once the last tensor is read, every index stream is checked to be used up.
    /// </summary>
    public static IEnumerable<ParameterTensor> EnumerateTensors(NqzBody body)
    {
        var readers = new CodedIndices.IndexReader?[body.Codebooks.Count];
        var shared = new float[body.Codebooks.Count][];
        var chunk = new int[Chunk];
        foreach (QuantizedTensor tensor in body.Tensors)
        {
            int c = (int)tensor.Codebook;
            Codebook codebook = body.Codebooks[c];
            CodedIndices.IndexReader reader = readers[c] ??= new CodedIndices.IndexReader(codebook, c);
            float[] codebookValues = shared[c] ??= SharedValues.Of(codebook);
            long count = TensorData.ElementCount(tensor.Dims);
            var values = new float[count]; // pruned elements stay +0.0f
            int[]? at = tensor.Positions is { } coded ? CodedPositions.Decode(coded, count, tensor.Name) : null;
            long symbols = at?.Length ?? count;
            for (long done = 0; done < symbols; done += Chunk)
            {
                Span<int> indices = chunk.AsSpan(0, (int)Math.Min(Chunk, symbols - done));
                reader.Read(indices);
                if (at != null)
                    for (int i = 0; i < indices.Length; i++) values[at[done + i]] = codebookValues[indices[i]];
                else
                    for (int i = 0; i < indices.Length; i++) values[done + i] = codebookValues[indices[i]];
            }
            long[] dims = tensor.Dims.ToArray();
            if (ContainerScales.Of(tensor) is { } scales) ScaleNormalization.Denormalize(values, dims, scales);
            yield return new ParameterTensor(tensor.Name, dims, values);
        }
        foreach (CodedIndices.IndexReader? reader in readers) reader?.Finish(); // codebooks no tensor uses are not read
    }

    const int Chunk = 1 << 16;

    /// <summary>The source model with every quantized tensor filled with its restored values, in its stored type.</summary>
    public static ModelProto DecodeModel(NqzBody body, string description)
    {
        ModelProto skeleton = Skeleton(body, description);
        try
        {
            // Freshly parsed: no copy needed. Streamed: each tensor's float values are garbage once stored in their type.
            ModelParameters.FillValues(skeleton, EnumerateTensors(body));
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
        var chunk = new int[Chunk];
        var readers = new CodedIndices.IndexReader?[body.Codebooks.Count];
        foreach (QuantizedTensor tensor in body.Tensors)
        {
            int c = (int)tensor.Codebook;
            CodedIndices.IndexReader reader = readers[c] ??= new CodedIndices.IndexReader(body.Codebooks[c], c);
            long count = TensorData.ElementCount(tensor.Dims);
            if (tensor.Positions is { } coded) count = CodedPositions.Decode(coded, count, tensor.Name).Length;
            for (long done = 0; done < count; done += Chunk)
                reader.Read(chunk.AsSpan(0, (int)Math.Min(Chunk, count - done)));
        }
        foreach (CodedIndices.IndexReader? reader in readers) reader?.Finish(); // as DecodeTensors, codebooks no tensor uses are not read
    }

    /// <summary>The model inside the container, checked against the tensors the container lists; quantized tensors have no data.</summary>
    internal static ModelProto Skeleton(NqzBody body, string description)
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
