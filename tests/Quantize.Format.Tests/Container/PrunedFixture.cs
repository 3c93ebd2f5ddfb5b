using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// A model magnitude-pruned as <c>quantize prune</c> leaves it (weights of rank ≥ 2 zeroed below a threshold,
/// biases whole), its masks, and a uniform quantization of the kept values only: the inputs of a pruned container.
/// </summary>
sealed record PrunedFixture(ModelProto Model, IReadOnlyList<ParameterTensor> Parameters, IReadOnlyList<PrunedTensor?> Pruned, Quantization Quantization)
{
    public static PrunedFixture FromModel(ModelProto model, double keep, int gapBits, int cells = 16)
    {
        var parameters = new List<ParameterTensor>();
        var masks = new List<PrunedTensor?>();
        foreach (ParameterTensor tensor in ModelParameters.Extract(model))
        {
            if (tensor.Dims.Length < 2)
            {
                parameters.Add(tensor);
                masks.Add(null);
                continue;
            }
            float[] magnitudes = tensor.Values.Select(MathF.Abs).OrderDescending().ToArray();
            float threshold = magnitudes[Math.Max(0, (int)(keep * magnitudes.Length) - 1)];
            float[] values = tensor.Values.Select(v => MathF.Abs(v) >= threshold ? v : 0f).ToArray();
            parameters.Add(tensor with { Values = values });
            masks.Add(new PrunedTensor(values.Select(v => v != 0).ToArray(), gapBits));
        }
        return WithMasks(model, parameters, masks, cells);
    }

    /// <summary>The given tensors and masks, with the kept values quantized into <paramref name="cells"/> uniform cells.</summary>
    public static PrunedFixture WithMasks(ModelProto model, IReadOnlyList<ParameterTensor> parameters, IReadOnlyList<PrunedTensor?> masks, int cells = 16)
    {
        float[] kept = parameters.SelectMany((t, i) => t.Values.Where((_, e) => masks[i]?.Kept[e] ?? true)).ToArray();
        return new PrunedFixture(model, parameters, masks, new UniformQuantizer(cells).Quantize(kept, []));
    }

    public NqzBody Build(SymbolCoding coding, PrunedStorage storage) =>
        NqzBuilder.Build(Model, [new CodedGroup(Parameters, Quantization, coding) { Pruned = Pruned, Storage = storage }],
            ContainerFixture.Settings(Quantization.ClusterCount), ContainerFixture.Producer);

    /// <summary>What a reader must get: the center of each kept value, +0.0f at every pruned position.</summary>
    public IReadOnlyList<float[]> Expected()
    {
        var expected = new List<float[]>();
        int next = 0;
        for (int t = 0; t < Parameters.Count; t++)
        {
            var values = new float[Parameters[t].ElementCount];
            for (int e = 0; e < values.Length; e++)
                if (Pruned[t]?.Kept[e] ?? true) values[e] = Quantization.Centers[Quantization.Assignment[next++]];
            expected.Add(values);
        }
        return expected;
    }
}
