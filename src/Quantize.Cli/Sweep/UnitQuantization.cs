using Quantize.Cli.Pipeline;
using Quantize.Core.Clustering;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;

namespace Quantize.Cli.Sweep;

/// <summary>
/// Quantizes one unit once and codes it with every coding of the sweep: only the index code differs between
/// codings, but each container is really built and decoded again, so its size is real and its model is
/// exactly what a reader gets. Pure C#, safe to run on several threads at once.
/// </summary>
public static class UnitQuantization
{
    public static UnitOutcome Run(SweepUnit unit, SweepRequest request, SweepInputs inputs)
    {
        QuantizerOptions options = request.OptionsFor(unit);
        try
        {
            QuantizerOptions resolved = RateMatching.Resolve(options, inputs.Values, inputs.Weights);
            Quantization quantization = QuantizerFactory.Create(resolved).Quantize(inputs.Values, inputs.Weights);
            var group = new GroupQuantization(inputs.Group, inputs.Values, inputs.Weights, resolved, quantization);
            return new UnitOutcome(unit, options, group, CodeAll(unit, group, request, inputs), null);
        }
        catch (Exception e)
        {
            return new UnitOutcome(unit, options, null, [], FailureText.Of(e, unit.Label, request.ErrorWriter));
        }
    }

    /// <summary>One container per coding of the sweep; also used again for the fine-tuned values of a unit.</summary>
    public static CodedContainer[] CodeAll(SweepUnit unit, GroupQuantization group, SweepRequest request, SweepInputs inputs)
    {
        // Settings as compress writes them, so a sweep's container is byte for byte the one compress makes.
        var settings = new Settings
        {
            Method = unit.MethodName,
            RequestedClusters = (uint)request.OptionsFor(unit).Clusters!.Value,
            SourceModel = Path.GetFileName(request.ModelPath),
        };
        return request.Codings.Select(coding => Code(coding, group, settings, inputs, unit, request)).ToArray();
    }

    static CodedContainer Code(SymbolCoding coding, GroupQuantization group, Settings settings, SweepInputs inputs, SweepUnit unit, SweepRequest request)
    {
        string name = $"{unit.MethodName}-{unit.Bits}-{CodingNames.Of(coding)}.nqz";
        try
        {
            NqzBody body = NqzBuilder.Build(inputs.Model,
                [inputs.Pruned.Code(group.Group.Tensors, group.Quantization, coding, PrunedStorage.IndexDifferences)], settings, ToolInfo.Producer);
            byte[] bytes = NqzFile.ToBytes(body);
            return new CodedContainer(coding, body, bytes.LongLength, NqzDecoder.DecodeModel(NqzFile.Parse(bytes, name), name), null);
        }
        catch (Exception e)
        {
            return new CodedContainer(coding, null, 0, null, FailureText.Of(e, name, request.ErrorWriter));
        }
    }
}
