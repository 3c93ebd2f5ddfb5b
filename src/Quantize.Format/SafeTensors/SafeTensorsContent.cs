using Quantize.Format.Onnx;

namespace Quantize.Format.SafeTensors;

/// <summary>The tensors of a safetensors file in header order, and its string metadata.</summary>
public sealed record SafeTensorsContent(IReadOnlyList<ParameterTensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    public ParameterTensor? Find(string name) => Tensors.FirstOrDefault(t => t.Name == name);
}
