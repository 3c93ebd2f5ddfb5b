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
    public static ContainerReport Inspect(string path)
    {
        NqzBody body = NqzFile.Read(path);
        OnnxSummary skeleton = OnnxSummaryBuilder.Build(Skeleton(body, path));
        CodebookCost[] costs = body.Codebooks.Select(CodebookCost.Of).ToArray();
        var codebooks = body.Codebooks.Select((c, i) => new CodebookEntry(i, c.Values.Count, CodingNames.Of(c.Coding),
            (long)c.StreamBits, costs[i].CodewordTableBits, (long)c.SymbolCount)).ToList();

        IReadOnlyList<ParameterTensor> decoded = NqzDecoder.DecodeTensors(body);
        long parameters = decoded.Sum(t => t.ElementCount);
        long kept = body.Tensors.Select((t, i) => t.Positions is { } p ? (long)p.KeptCount : decoded[i].ElementCount).Sum();
        // The same accounting compress reports, so the two agree bit for bit.
        ContainerBits bits = ContainerBits.Of(body, parameters, kept);
        var tensors = new List<TensorEntry>(body.Tensors.Count);
        for (int t = 0; t < body.Tensors.Count; t++)
        {
            QuantizedTensor tensor = body.Tensors[t];
            CodebookEntry codebook = codebooks[(int)tensor.Codebook];
            double bitsPerParameter = codebook.Symbols == 0 ? 0 : (double)codebook.StreamBits / codebook.Symbols;
            TensorBits tensorBits = bits.Tensors[t];
            tensors.Add(new TensorEntry(tensor.Name, tensor.Dims.ToArray(), decoded[t].ElementCount, codebook.Index, codebook.Values,
                codebook.Coding, bitsPerParameter, Sparsity.Of(decoded[t].Values), tensorBits.GapBits, tensorBits.IndexBits, tensorBits.IndexTableBits));
        }

        CompressionBreakdown breakdown = bits.Breakdown;
        var storage = new StorageTerms(parameters, breakdown.OriginalBits, breakdown.WeightBits, breakdown.CodewordTableBits,
            breakdown.SharedValueBits, breakdown.TableBits, breakdown.TotalBits, breakdown.Ratio, breakdown.IndexBits, breakdown.IndexTableBits);
        ContainerSettings? settings = body.Settings == null ? null
            : new ContainerSettings(body.Settings.Method, body.Settings.RequestedClusters, body.Settings.SourceModel);
        // NqzFile.Read refuses any other version, so a container that got this far has this one.
        return new ContainerReport(path, "nqz", new FileInfo(path).Length, NqzLimits.FormatVersion, body.Producer, settings,
            skeleton, tensors, codebooks, storage);
    }

    static ModelProto Skeleton(NqzBody body, string path)
    {
        try
        {
            return OnnxModelFile.Parse(body.ModelSkeleton.ToByteArray(), $"the model inside {path}");
        }
        catch (OnnxFormatException e)
        {
            throw new NqzFormatException(e.Message, e);
        }
    }
}
