using Quantize.Cli.Pipeline;
using Quantize.Core.Accounting;
using Quantize.Core.Clustering;
using Quantize.Core.Coding;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Reports;

/// <summary>Computes the report's numbers from the quantization and the codebook actually written.</summary>
static class CompressionReportBuilder
{
    public static CompressionReport Build(CompressRequest request, IReadOnlyList<ParameterTensor> parameters, float[] values,
        Quantization quantization, Codebook codebook, long containerBytes, AccuracyReport accuracy)
    {
        int[] lengths = CodewordLengths(codebook);
        CompressionBreakdown breakdown = CompressionAccounting.Compute(values.LongLength, quantization.Counts, lengths);

        var layers = new List<LayerReport>(parameters.Count);
        long offset = 0;
        foreach (ParameterTensor parameter in parameters)
        {
            long bits = 0;
            for (long i = offset; i < offset + parameter.ElementCount; i++) bits += lengths[quantization.Assignment[i]];
            layers.Add(new LayerReport(parameter.Name, parameter.ShapeText, parameter.ElementCount, parameter.ElementCount, bits,
                (double)bits / parameter.ElementCount));
            offset += parameter.ElementCount;
        }

        return new CompressionReport(
            Model: request.ModelPath,
            Output: request.OutputPath,
            Parameters: values.LongLength,
            Method: request.Method,
            Coding: request.Coding,
            Clusters: quantization.ClusterCount,
            RequestedClusters: request.Clusters,
            EntropyBits: Entropy.Bits(quantization.Counts),
            AverageCodewordBits: breakdown.AverageCodewordBits,
            Distortion: quantization.Distortion(values, ReadOnlySpan<float>.Empty),
            CompressionRatio: breakdown.Ratio,
            ContainerRatio: breakdown.OriginalBits / 8.0 / containerBytes,
            Sizes: new SizeReport(breakdown.OriginalBits, breakdown.WeightBits, breakdown.IndexBits, breakdown.TableBits,
                breakdown.CodewordTableBits, breakdown.SharedValueBits, breakdown.IndexTableBits, breakdown.TotalBits, containerBytes),
            Accuracy: accuracy,
            Layers: layers);
    }

    /// <summary>b_j of every cluster as stored: Huffman lengths, or ⌈log2 k⌉ for fixed-length codes.</summary>
    static int[] CodewordLengths(Codebook codebook) => codebook.Coding == SymbolCoding.Huffman
        ? codebook.CodeLengths.Select(l => (int)l).ToArray()
        : Enumerable.Repeat(FixedLengthCode.BitsPerSymbol(codebook.Values.Count), codebook.Values.Count).ToArray();
}
