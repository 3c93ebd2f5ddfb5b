using Google.Protobuf;
using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Container;

/// <summary>
/// Assembles a container from a model and its quantized parameter groups: one codebook per group,
/// whose stream holds the indices of the group's tensors in order. Quantizing all layers at once is one
/// group; layer-by-layer quantization is one group per layer.
/// </summary>
public static class NqzBuilder
{
    /// <summary>All parameters quantized at once: a single codebook.</summary>
    public static NqzBody Build(ModelProto model, IReadOnlyList<ParameterTensor> parameters, Quantization quantization,
        SymbolCoding coding, Settings settings, string producer) =>
        Build(model, [new CodedGroup(parameters, quantization, coding)], settings, producer);

    public static NqzBody Build(ModelProto model, IReadOnlyList<CodedGroup> groups, Settings settings, string producer)
    {
        var body = new NqzBody
        {
            Producer = producer,
            ModelSkeleton = ModelParameters.WithoutData(model, groups.SelectMany(g => g.Tensors).Select(t => t.Name)).ToByteString(),
            Settings = settings,
        };
        foreach (CodedGroup group in groups)
        {
            long total = group.Tensors.Sum(p => p.ElementCount);
            if (total != group.Quantization.Assignment.Length)
                throw new ArgumentException($"a quantization covers {group.Quantization.Assignment.Length} values but its tensors hold {total}");
            var codebook = new Codebook { Coding = group.Coding };
            codebook.Values.AddRange(group.Quantization.Centers);
            CodedIndices.Encode(codebook, group.Quantization.Assignment);
            uint index = (uint)body.Codebooks.Count;
            body.Codebooks.Add(codebook);
            foreach (ParameterTensor parameter in group.Tensors)
            {
                var tensor = new QuantizedTensor { Name = parameter.Name, Codebook = index };
                tensor.Dims.AddRange(parameter.Dims);
                body.Tensors.Add(tensor);
            }
        }
        return body;
    }
}
