using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.FineTuning;
using Quantize.Torch.Pruning;

namespace Quantize.Torch.Tests.FineTuning;

/// <summary>The sample LeNet-5 magnitude-pruned, then its surviving weights uniformly quantized: the input fine-tuning recovers from.</summary>
static class QuantizedLeNet
{
    public static ModelProto Onnx { get; } = OnnxModelFile.Load(RepoPaths.SampleModel);

    /// <param name="cells">Uniform cells per codebook (4 = 2 bits: coarse enough to leave loss to recover).</param>
    /// <param name="perLayer">One codebook per weight tensor, or one shared by all weights.</param>
    public static QuantizedState Build(int cells, double keep, bool perLayer)
    {
        ParameterTensor[] weights = ModelParameters.Extract(Onnx).Where(MagnitudePruner.IsPrunable).ToArray();
        IReadOnlyList<PruningMask> masks = MagnitudePruner.Global(weights, keep);
        var quantizer = new UniformQuantizer(cells);
        var codebooks = new List<float[]>();
        var assignments = new List<CodebookAssignment>();
        if (perLayer)
        {
            foreach (ParameterTensor weight in weights)
            {
                PruningMask mask = masks.Single(m => m.Name == weight.Name);
                Quantization q = quantizer.Quantize(Kept(weight.Values, mask), []);
                assignments.Add(CodebookAssignment.WithMask(weight.Name, codebooks.Count, Spread(q.Assignment, mask), mask));
                codebooks.Add(q.Centers);
            }
        }
        else
        {
            float[] all = weights.SelectMany(w => Kept(w.Values, masks.Single(m => m.Name == w.Name))).ToArray();
            Quantization q = quantizer.Quantize(all, []);
            int offset = 0;
            foreach (ParameterTensor weight in weights)
            {
                PruningMask mask = masks.Single(m => m.Name == weight.Name);
                assignments.Add(CodebookAssignment.WithMask(weight.Name, 0, Spread(q.Assignment.AsSpan(offset, mask.Kept).ToArray(), mask), mask));
                offset += mask.Kept;
            }
            codebooks.Add(q.Centers);
        }
        return new QuantizedState(codebooks, assignments);
    }

    /// <summary>The model with every assigned weight set to its cluster's center (pruned: 0), built without the fine-tuner.</summary>
    public static ModelProto Reconstruct(QuantizedState state, IReadOnlyList<float[]> centers)
    {
        var byName = ModelParameters.Extract(Onnx).ToDictionary(p => p.Name, StringComparer.Ordinal);
        return ModelParameters.WithValues(Onnx, state.Parameters.Select(a => byName[a.Name] with
        {
            Values = a.Clusters.Select(c => c == CodebookAssignment.Pruned ? 0f : centers[a.Codebook][c]).ToArray(),
        }));
    }

    static float[] Kept(float[] values, PruningMask mask) => values.Where((_, i) => mask.Keep[i]).ToArray();

    // The kept elements' clusters back at their positions; pruned positions get 0 until WithMask marks them.
    static int[] Spread(int[] keptClusters, PruningMask mask)
    {
        var result = new int[mask.Count];
        int next = 0;
        for (int i = 0; i < result.Length; i++) result[i] = mask.Keep[i] ? keptClusters[next++] : 0;
        return result;
    }
}
