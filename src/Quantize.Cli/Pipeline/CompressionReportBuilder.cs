using Quantize.Cli.Names;
using Quantize.Cli.Reports;
using Quantize.Core.Accounting;
using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;
using Quantize.Format.Container;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The report stage of compress: computes the report's numbers from the quantizations and the container actually built. With several
/// codebooks (per-layer mode, or coding groups) eq. (1)'s sums run over every codebook's stored values; entropy and distortion
/// are kept-parameter-weighted averages over the quantizations. Pruned parameters count in N but get no cluster.
/// </summary>
public static class CompressionReportBuilder
{
    /// <param name="alternative">The same quantization with pruned weights stored the other way, for its size; null = not coded.</param>
    public static CompressionReport Build(CompressionSetting request, IReadOnlyList<GroupQuantization> groups, NqzBody body, NqzBody? alternative,
        long containerBytes, AccuracyReport accuracy, HessianReport hessian, IReadOnlyList<ReconstructionError>? errors = null,
        ExemptTensors? exempt = null, CodingGroupsReport? codingGroups = null)
    {
        exempt ??= ExemptTensors.None;
        long quantizedParameters = groups.Sum(g => g.Group.ElementCount), parameters = quantizedParameters + exempt.ParameterCount;
        long kept = groups.Sum(g => g.KeptCount);
        ContainerBits bits = ContainerBits.Of(body, quantizedParameters, kept, exempt.ParameterCount);
        CompressionBreakdown breakdown = bits.Breakdown;
        double entropyBits = 0, distortion = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            GroupQuantization group = groups[g];
            double share = kept == 0 ? 0 : (double)group.KeptCount / kept;
            entropyBits += share * Entropy.Bits(group.Quantization.Counts);
            distortion += share * group.Distortion;
        }
        long? alternativeBits = alternative == null ? null : ContainerBits.Of(alternative, quantizedParameters, kept, exempt.ParameterCount).Breakdown.TotalBits;
        bool zeroCluster = request.Positions == PrunedStorage.ZeroCluster;
        QuantizerOptions options = request.Quantizer;

        return new CompressionReport(
            Model: request.ModelPath,
            Output: request.OutputPath ?? "",
            Parameters: parameters,
            Method: QuantizerNames.Of(options.Method),
            Coding: CodingNames.Of(request.Coding),
            Solver: options.Method is QuantizationMethod.KMeans or QuantizationMethod.HessianKMeans ? QuantizerNames.Of(options.EffectiveSolver) : null,
            PerLayer: request.PerLayer,
            Codebooks: body.Codebooks.Count,
            // The quantization's clusters, as one table per quantization stores them: coding groups may store a value twice.
            Clusters: (int)(codingGroups?.OneTableSharedValues ?? breakdown.ClusterCount),
            RequestedClusters: request.PerLayer ? null : options.Clusters,
            RateTarget: request.PerLayer ? options.Rate : groups[0].Options.Rate, // ecsq given a cluster count resolves its own
            EntropyBits: entropyBits,
            AverageCodewordBits: breakdown.AverageCodewordBits,
            Distortion: distortion,
            CompressionRatio: breakdown.Ratio,
            ContainerRatio: breakdown.OriginalBits / 8.0 / containerBytes,
            Sizes: new SizeReport(breakdown.OriginalBits, breakdown.WeightBits, breakdown.IndexBits, breakdown.TableBits,
                breakdown.CodewordTableBits, breakdown.SharedValueBits, breakdown.IndexTableBits, breakdown.TotalBits, containerBytes)
            {
                ScaleBits = breakdown.ScaleBits,
                ExemptBits = breakdown.ExemptBits,
            },
            Hessian: hessian,
            Coders: CodingComparison.Of(groups.Select(g => g.Quantization.Counts)),
            Accuracy: accuracy,
            Layers: Layers(groups, body, bits, errors),
            Kept: kept,
            Pruned: parameters - kept,
            Sparsity: parameters == 0 ? 0 : (double)(parameters - kept) / parameters,
            Positions: new PositionsReport(request.Coding == SymbolCoding.Context && !zeroCluster ? "significance" : PositionNames.Of(request.Positions),
                zeroCluster ? alternativeBits : breakdown.TotalBits, zeroCluster ? breakdown.TotalBits : alternativeBits))
        {
            Exempt = exempt.Tensors,
            CodingGroups = codingGroups,
        };
    }

    static List<LayerReport> Layers(IReadOnlyList<GroupQuantization> groups, NqzBody body, ContainerBits bits, IReadOnlyList<ReconstructionError>? errors)
    {
        var layers = new List<LayerReport>();
        int t = 0;
        for (int g = 0; g < groups.Count; g++)
            foreach (ParameterTensor tensor in groups[g].Group.Tensors)
            {
                QuantizedTensor written = body.Tensors[t];
                TensorBits tensorBits = bits.Tensors[t++];
                long keptHere = PruningRule.KeptCount(tensor);
                PositionReferences? references = PositionReferences.Of(tensor);
                bool storesPositions = written.Positions != null || written.Significance != null;
                layers.Add(new LayerReport(tensor.Name, tensor.ShapeText, tensor.ElementCount, keptHere, (long)Math.Round(tensorBits.CodewordBits),
                    keptHere == 0 ? 0 : tensorBits.CodewordBits / keptHere, (int)written.Codebook, SharedValues.Count(body.Codebooks[(int)written.Codebook]),
                    tensorBits.IndexBits, tensorBits.IndexTableBits, tensorBits.GapBits)
                {
                    RelativeL2 = errors?[t - 1].RelativeL2,
                    SqnrDb = errors?[t - 1].SqnrDb,
                    IndexEntropyBitsPerKept = keptHere == 0 ? 0 : tensorBits.IndexEntropyBits / keptHere,
                    PositionBitsPerKept = storesPositions && keptHere > 0 ? (double)(tensorBits.IndexBits + tensorBits.IndexTableBits) / keptHere : null,
                    IndependentPositionBitsPerKept = references?.IndependentBitsPerKept,
                    IndexDifferenceBitsPerKept = references?.IndexDifferenceBitsPerKept,
                    IndexDifferenceGapBits = references?.IndexDifferenceGapBits,
                });
            }
        return layers;
    }
}
