using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>The learned parameters of a loaded model (docs/onnx.md's rule), checked to be finite: what every quantizer starts from.</summary>
public static class SourceParameters
{
    /// <param name="releaseData">
    /// Let the model's own stored copy of each weight go as it is extracted: for runs that never execute the model,
    /// so a large model is held about once (docs/results.md, "Scale").
    /// </param>
    public static IReadOnlyList<ParameterTensor> Extract(ModelProto model, bool releaseData = false)
    {
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model, releaseData);
        FiniteValues.Check(parameters);
        return parameters;
    }
}
