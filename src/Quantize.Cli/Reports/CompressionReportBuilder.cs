using Quantize.Cli.Pipeline;
using Quantize.Core.Accounting;
using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Reports;

/// <summary>
/// Computes the report's numbers from the quantizations and the codebooks actually written. With several
/// codebooks (per-layer mode) eq. (1)'s sums run over every codebook's clusters; entropy and distortion
/// are parameter-weighted averages over the groups.
/// </summary>
static class CompressionReportBuilder
{
    public static CompressionReport Build(CompressRequest request, IReadOnlyList<GroupQuantization> groups, IReadOnlyList<Codebook> codebooks,
        long containerBytes, AccuracyReport accuracy, HessianReport hessian)
    {
        long parameters = groups.Sum(g => g.Values.LongLength);
        var layers = new List<LayerReport>();
        double entropyBits = 0, distortion = 0;
        long weightBits = 0, codewordTableBits = 0;
        int clusters = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            GroupQuantization group = groups[g];
            CodebookCost cost = CodebookCost.Of(codebooks[g]);
            weightBits += cost.WeightBits;
            codewordTableBits += cost.CodewordTableBits;
            clusters += group.Quantization.ClusterCount;
            double share = (double)group.Values.LongLength / parameters;
            entropyBits += share * Entropy.Bits(group.Quantization.Counts);
            distortion += share * group.Distortion;
            AddLayers(layers, group, cost.SymbolBits, g);
        }
        // Eq. (1) with the bits actually written: Σ|C_j|·b_j is the stream, Σ b_j the code table (for ANS its frequency table).
        CompressionBreakdown breakdown = CompressionAccounting.FromCodedBits(parameters, clusters, weightBits, codewordTableBits);
        QuantizerOptions options = request.Quantizer;

        return new CompressionReport(
            Model: request.ModelPath,
            Output: request.OutputPath,
            Parameters: parameters,
            Method: QuantizerNames.Of(options.Method),
            Coding: request.CodingName,
            Solver: options.Method is QuantizationMethod.KMeans or QuantizationMethod.HessianKMeans ? QuantizerNames.Of(options.EffectiveSolver) : null,
            PerLayer: request.PerLayer,
            Codebooks: groups.Count,
            Clusters: breakdown.ClusterCount,
            RequestedClusters: request.PerLayer ? null : options.Clusters,
            RateTarget: request.PerLayer ? options.Rate : groups[0].Options.Rate, // ecsq given a cluster count resolves its own
            EntropyBits: entropyBits,
            AverageCodewordBits: breakdown.AverageCodewordBits,
            Distortion: distortion,
            CompressionRatio: breakdown.Ratio,
            ContainerRatio: breakdown.OriginalBits / 8.0 / containerBytes,
            Sizes: new SizeReport(breakdown.OriginalBits, breakdown.WeightBits, breakdown.IndexBits, breakdown.TableBits,
                breakdown.CodewordTableBits, breakdown.SharedValueBits, breakdown.IndexTableBits, breakdown.TotalBits, containerBytes),
            Hessian: hessian,
            Coders: CodingComparison.Of(groups.Select(g => g.Quantization.Counts)),
            Accuracy: accuracy,
            Layers: layers);
    }

    static void AddLayers(List<LayerReport> layers, GroupQuantization group, double[] symbolBits, int codebook)
    {
        long offset = 0;
        foreach (ParameterTensor tensor in group.Group.Tensors)
        {
            double bits = 0;
            for (long i = offset; i < offset + tensor.ElementCount; i++) bits += symbolBits[group.Quantization.Assignment[i]];
            layers.Add(new LayerReport(tensor.Name, tensor.ShapeText, tensor.ElementCount, tensor.ElementCount, (long)Math.Round(bits),
                bits / tensor.ElementCount, codebook, group.Quantization.ClusterCount));
            offset += tensor.ElementCount;
        }
    }
}
