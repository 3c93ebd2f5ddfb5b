using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Fuzz.Targets;

/// <summary>
/// An ONNX model as compress loads it: OnnxModelFile.Load from a file in a folder that holds external data files (and
/// one outside it, which must never be read), the tensors and their channel axes, the learned parameters, and the
/// skeleton without their data.
/// </summary>
sealed class OnnxTarget : FuzzTarget
{
    public override string Name => "onnx";

    public override string Description => "ONNX load: OnnxModelFile.Load with external data beside the model, ModelTensors.Find, ChannelAxes.Of, ModelParameters.Extract and WithoutData";

    public override IReadOnlyList<Type> Expected { get; } = [typeof(OnnxFormatException)];

    public override void Run(byte[] input, Scratch scratch)
    {
        File.WriteAllBytes(scratch.ModelPath, input);
        ModelProto model = OnnxModelFile.Load(scratch.ModelPath);
        ModelTensors.Find(model);
        ChannelAxes.Of(model);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        ModelProto skeleton = Execution.Must("the parameters were extracted", () => ModelParameters.WithoutData(model, parameters.Select(p => p.Name)));
        Execution.Must("the skeleton was made", () => ModelParameters.FillValues(skeleton, parameters));
    }

    public override IEnumerable<Seed> Seeds(string repositoryRoot) => OnnxSeeds.All();
}
