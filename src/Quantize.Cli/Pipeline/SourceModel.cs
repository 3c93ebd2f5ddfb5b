using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// A model as compress reads it: an ONNX graph (from ONNX or a checkpoint), or a safetensors model's tensors as the
/// initializers of a graph without nodes, with the layout its container keeps to write the files back.
/// </summary>
/// <param name="WeightsOnlyReason">Why a safetensors model was read as weights only (null for a graph).</param>
public sealed record SourceModel(ModelProto Model, SafeTensorsLayout? Layout, string? WeightsOnlyReason)
{
    public bool IsWeightsOnly => Layout != null;
}
