using Quantize.Cli.Names;
using Quantize.Cli.Reports;
using Quantize.Core.Accounting;
using Quantize.Format.Container.Proto;
using Quantize.Format.Container;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Inspect;

/// <summary>Reads a .nqz container, decodes its tensors and accounts for every bit as eq. (1) does.</summary>
static class ContainerInspector
{
    /// <param name="original">The source model, to measure each tensor's error against (relative L2, SQNR); null: not measured.</param>
    public static ContainerReport Inspect(string path, ModelProto? original = null)
    {
        NqzBody body = NqzFile.Read(path);
        ModelProto skeletonModel = NqzDecoder.Skeleton(body, path);
        OnnxSummary skeleton = OnnxSummaryBuilder.Build(skeletonModel);
        CodebookCost[] costs = body.Codebooks.Select(CodebookCost.Of).ToArray();
        var codebooks = body.Codebooks.Select((c, i) => new CodebookEntry(i, SharedValues.Count(c), CodingNames.Of(c.Coding),
            (long)c.StreamBits, costs[i].CodewordTableBits, (long)c.SymbolCount) { ValueBits = SharedValues.Bits(c), GridStep = c.Grid?.Step }).ToList();

        IReadOnlyList<ParameterTensor> decoded = NqzDecoder.DecodeTensors(body);
        long parameters = decoded.Sum(t => t.ElementCount);
        long kept = body.Tensors.Select((t, i) => t.Positions is { } p ? (long)p.KeptCount : t.Significance is { } s ? (long)s.KeptCount : decoded[i].ElementCount).Sum();
        List<ExemptTensor> exempt = ExemptOf(skeletonModel, decoded);
        // The same accounting compress reports, so the two agree bit for bit.
        ContainerBits bits = ContainerBits.Of(body, parameters, kept, exempt.Sum(t => t.Parameters));
        Dictionary<string, ParameterTensor>? sources = original == null ? null : ModelParameters.Extract(original).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var tensors = new List<TensorEntry>(body.Tensors.Count);
        for (int t = 0; t < body.Tensors.Count; t++)
        {
            QuantizedTensor tensor = body.Tensors[t];
            CodebookEntry codebook = codebooks[(int)tensor.Codebook];
            double bitsPerParameter = codebook.Symbols == 0 ? 0 : (double)codebook.StreamBits / codebook.Symbols;
            TensorBits tensorBits = bits.Tensors[t];
            tensors.Add(new TensorEntry(tensor.Name, tensor.Dims.ToArray(), decoded[t].ElementCount, codebook.Index, codebook.Values,
                codebook.Coding, bitsPerParameter, Sparsity.Of(decoded[t].Values), tensorBits.GapBits, tensorBits.IndexBits, tensorBits.IndexTableBits)
            {
                Scales = ContainerScales.Count(tensor),
                ScaleBits = ContainerScales.Bits(tensor),
                Error = sources == null ? null : ErrorAgainst(sources, decoded[t]),
            });
        }

        CompressionBreakdown breakdown = bits.Breakdown;
        var storage = new StorageTerms(parameters + exempt.Sum(t => t.Parameters), breakdown.OriginalBits, breakdown.WeightBits, breakdown.CodewordTableBits,
            breakdown.SharedValueBits, breakdown.TableBits, breakdown.TotalBits, breakdown.Ratio, breakdown.IndexBits, breakdown.IndexTableBits)
        {
            ScaleBits = breakdown.ScaleBits,
            Scales = tensors.Sum(t => t.Scales),
            ExemptBits = breakdown.ExemptBits,
        };
        ContainerSettings? settings = body.Settings == null ? null
            : new ContainerSettings(body.Settings.Method, body.Settings.RequestedClusters, body.Settings.SourceModel);
        // NqzFile.Read refuses any other version, so a container that got this far has this one.
        return new ContainerReport(path, "nqz", new FileInfo(path).Length, NqzLimits.FormatVersion, body.Producer, settings,
            skeleton, tensors, codebooks, storage)
        {
            Exempt = exempt,
            SafeTensors = body.SafeTensors is { } layout ? SafeTensorsInventory.Of(layout, body.Tensors.Select(t => t.Name)) : null,
        };
    }

    /// <summary>
    /// Learned tensors (docs/onnx.md's rule) the skeleton holds with their data rather than the body: those compress kept
    /// exact (--keep). The skeleton is filled with the decoded values first so that every learned tensor has data to read.
    /// </summary>
    static List<ExemptTensor> ExemptOf(ModelProto skeleton, IReadOnlyList<ParameterTensor> decoded)
    {
        var quantized = decoded.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        ModelProto filled = ModelParameters.WithValues(skeleton, decoded);
        return ModelParameters.Extract(filled).Where(p => !quantized.Contains(p.Name))
            .Select(p => new ExemptTensor(p.Name, p.ShapeText, p.ElementCount)).ToList();
    }

    static ReconstructionError ErrorAgainst(Dictionary<string, ParameterTensor> sources, ParameterTensor restored)
    {
        if (!sources.TryGetValue(restored.Name, out ParameterTensor? source) || source.ElementCount != restored.ElementCount)
            throw new UserInputException($"the container's tensor '{restored.Name}' ({restored.ShapeText}) is not a learned tensor of that shape in the original model");
        return ReconstructionError.Of(source.Values, restored.Values);
    }
}
