using Quantize.Cli.Names;
using Quantize.Cli.Pipeline;
using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;
using Quantize.Format.Container;

namespace Quantize.Cli.Sweep;

/// <summary>
/// Quantizes one unit once and codes it with every coding of the sweep, through compress's quantization and coding
/// stages: only the index code differs between codings, but each container is really built and decoded again, so its
/// size is real and its model is exactly what a reader gets. Pure C#, safe to run on several threads at once.
/// </summary>
public static class UnitQuantization
{
    public static UnitOutcome Run(SweepUnit unit, SweepRequest request, SweepInputs inputs)
    {
        QuantizerOptions options = request.OptionsFor(unit);
        try
        {
            GroupQuantization group = QuantizationStage.QuantizeGroup(inputs.Prepared, 0, options);
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
        Settings settings = ContainerCoding.SettingsOf(request.OptionsFor(unit), request.ModelPath);
        return request.Codings.Select(coding => Code(coding, group, settings, inputs, unit, request)).ToArray();
    }

    static CodedContainer Code(SymbolCoding coding, GroupQuantization group, Settings settings, SweepInputs inputs, SweepUnit unit, SweepRequest request)
    {
        string name = $"{unit.MethodName}-{unit.Bits}-{CodingNames.Of(coding)}.nqz";
        try
        {
            NqzBody body = ContainerCoding.Build(inputs.Model, inputs.Pruned, [group], coding, PrunedStorage.IndexDifferences, settings);
            byte[] bytes = NqzFile.ToBytes(body);
            return new CodedContainer(coding, body, bytes, NqzDecoder.DecodeModel(NqzFile.Parse(bytes, name), name), null);
        }
        catch (Exception e)
        {
            return new CodedContainer(coding, null, [], null, FailureText.Of(e, name, request.ErrorWriter));
        }
    }
}
