using System.Runtime.ExceptionServices;
using Quantize.Core.Scaling;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Container;

/// <summary>Restores the quantized tensors of a container and the ONNX model that holds them.</summary>
public static class NqzDecoder
{
    /// <summary>The restored values of every quantized tensor, in the container's order.</summary>
    public static IReadOnlyList<ParameterTensor> DecodeTensors(NqzBody body) => [.. RestoredTensors(body)];

    /// <summary>
    /// The restored tensors one at a time, in the container's order, with the index streams read as they go rather than
    /// decoded whole in parallel first (<see cref="RestoredTensors"/>, faster): for models past 2 GiB, where the indices
    /// alone would take gigabytes (docs/onnx.md, "Models past 2 GiB"). A caller that writes each out before asking for the
    /// next holds one tensor's values and positions and a chunk of indices (an ANS codebook decodes whole, 4 bytes an index).
    /// Once the last tensor is read, every index stream is checked to be used up.
    /// </summary>
    public static IEnumerable<ParameterTensor> EnumerateTensors(NqzBody body)
    {
        var readers = new CodedIndices.IndexReader?[body.Codebooks.Count];
        var shared = new float[body.Codebooks.Count][];
        var chunk = new int[StreamedChunk];
        foreach (QuantizedTensor tensor in body.Tensors)
        {
            int c = (int)tensor.Codebook;
            Codebook codebook = body.Codebooks[c];
            CodedIndices.IndexReader reader = readers[c] ??= new CodedIndices.IndexReader(codebook, c, CodedIndices.Segments(body, c));
            yield return Restored(tensor, shared[c] ??= SharedValues.Of(codebook), count =>
            {
                Span<int> indices = chunk.AsSpan(0, count);
                reader.Read(indices);
                return indices;
            });
        }
        foreach (CodedIndices.IndexReader? reader in readers) reader?.Finish(); // codebooks no tensor uses are not read
    }

    /// <summary>A tensor's next <c>count</c> indices (at most <see cref="StreamedChunk"/>) in its codebook's stream.</summary>
    delegate ReadOnlySpan<int> IndexSource(int count);

    // One tensor from its indices, taken a chunk at a time: shared values put at its kept positions (every position when
    // dense; pruned ones stay +0.0f), then its scales multiplied back.
    static ParameterTensor Restored(QuantizedTensor tensor, float[] codebookValues, IndexSource next)
    {
        long count = TensorData.ElementCount(tensor.Dims);
        var values = new float[count];
        int[]? at = KeptPositions(tensor, count);
        long symbols = at?.Length ?? count;
        for (long done = 0; done < symbols; done += StreamedChunk)
        {
            ReadOnlySpan<int> indices = next((int)Math.Min(StreamedChunk, symbols - done));
            if (at != null)
                for (int i = 0; i < indices.Length; i++) values[at[done + i]] = codebookValues[indices[i]];
            else
                for (int i = 0; i < indices.Length; i++) values[done + i] = codebookValues[indices[i]];
        }
        long[] dims = tensor.Dims.ToArray();
        if (ContainerScales.Of(tensor) is { } scales) ScaleNormalization.Denormalize(values, dims, scales);
        return new ParameterTensor(tensor.Name, dims, values);
    }

    const int StreamedChunk = 1 << 16;

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
            // One tensor's float values at a time: each is stored in the model before the next is restored.
            ModelParameters.FillValues(skeleton, RestoredTensors(body)); // freshly parsed: no copy needed
            return skeleton;
        }
        catch (OnnxFormatException e)
        {
            throw new NqzFormatException($"{description} is invalid: {e.Message}", e);
        }
    }

    // Tensors restored one by one, lazily, from the indices of every codebook (decoded first, all at once). A codebook's
    // indices are let go once its last tensor is restored.
    static IEnumerable<ParameterTensor> RestoredTensors(NqzBody body)
    {
        int[]?[] decoded = DecodeUsedCodebooks(body);
        var lastUse = new int[body.Codebooks.Count];
        for (int t = 0; t < body.Tensors.Count; t++) lastUse[body.Tensors[t].Codebook] = t;
        var shared = new float[body.Codebooks.Count][];
        var positions = new long[body.Codebooks.Count];
        for (int t = 0; t < body.Tensors.Count; t++)
        {
            QuantizedTensor tensor = body.Tensors[t];
            int c = (int)tensor.Codebook;
            int[] indicesOfCodebook = decoded[c]!;
            yield return Restored(tensor, shared[c] ??= SharedValues.Of(body.Codebooks[c]), count =>
            {
                ReadOnlySpan<int> indices = indicesOfCodebook.AsSpan((int)positions[c], count);
                positions[c] += count;
                return indices;
            });
            if (lastUse[c] == t) decoded[c] = null;
        }
    }

    /// <summary>
    /// The indices of every codebook a tensor uses (as before, one no tensor uses is never read), decoded in parallel:
    /// codebooks are independent streams, and decoding them is most of a restore's time (docs/deploy.md, "Decode time").
    /// Of several damaged codebooks the lowest-numbered one is reported, as a decoder in one thread would.
    /// </summary>
    static int[]?[] DecodeUsedCodebooks(NqzBody body)
    {
        var used = new bool[body.Codebooks.Count];
        foreach (QuantizedTensor tensor in body.Tensors) used[tensor.Codebook] = true;
        var decoded = new int[]?[body.Codebooks.Count];
        var failures = new Exception?[body.Codebooks.Count];
        // The largest first, so that the long streams start at once and the short ones fill in around them.
        int[] order = Enumerable.Range(0, body.Codebooks.Count).Where(c => used[c])
            .OrderByDescending(c => body.Codebooks[c].SymbolCount).ToArray();
        Parallel.ForEach(order, c =>
        {
            try
            {
                decoded[c] = CodedIndices.Decode(body.Codebooks[c], c, CodedIndices.Segments(body, c));
            }
            catch (Exception e)
            {
                failures[c] = e;
            }
        });
        if (failures.FirstOrDefault(f => f != null) is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
        return decoded;
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
        var chunk = new int[StreamedChunk];
        var readers = new CodedIndices.IndexReader?[body.Codebooks.Count];
        foreach (QuantizedTensor tensor in body.Tensors)
        {
            int c = (int)tensor.Codebook;
            CodedIndices.IndexReader reader = readers[c] ??= new CodedIndices.IndexReader(body.Codebooks[c], c, CodedIndices.Segments(body, c));
            long count = TensorData.ElementCount(tensor.Dims);
            if (KeptPositions(tensor, count) is { } kept) count = kept.Length;
            for (long done = 0; done < count; done += StreamedChunk)
                reader.Read(chunk.AsSpan(0, (int)Math.Min(StreamedChunk, count - done)));
        }
        foreach (CodedIndices.IndexReader? reader in readers) reader?.Finish(); // as DecodeTensors, codebooks no tensor uses are not read
    }

    /// <summary>
    /// The model inside the container, validated as a model file is (<see cref="OnnxValidator"/>; only the tensors the
    /// container restores may lack data) and checked against the tensors the container lists.
    /// </summary>
    public static ModelProto Skeleton(NqzBody body, string description)
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
        // After the names: a tensor the container names wrongly is reported as such, not as the model's tensor without data.
        try
        {
            OnnxValidator.Validate(skeleton, folder: null, body.Tensors.Select(t => t.Name).ToHashSet(StringComparer.Ordinal));
        }
        catch (OnnxFormatException e)
        {
            throw new NqzFormatException($"{description} is invalid: {e.Message}", e);
        }
        return skeleton;
    }
}
