using Google.Protobuf;
using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Container;

/// <summary>
/// Assembles a container from a model and one quantization of all its parameters at once: a single
/// codebook whose stream holds the indices of every tensor, in the tensors' order.
/// </summary>
public static class NqzBuilder
{
    public static NqzBody Build(ModelProto model, IReadOnlyList<ParameterTensor> parameters, Quantization quantization,
        SymbolCoding coding, Settings settings, string producer)
    {
        long total = parameters.Sum(p => p.ElementCount);
        if (total != quantization.Assignment.Length)
            throw new ArgumentException($"the quantization covers {quantization.Assignment.Length} values but the tensors hold {total}");

        var codebook = new Codebook { Coding = coding };
        codebook.Values.AddRange(quantization.Centers);
        CodedIndices.Encode(codebook, quantization.Assignment);

        var body = new NqzBody
        {
            Producer = producer,
            ModelSkeleton = ModelParameters.WithoutData(model, parameters.Select(p => p.Name)).ToByteString(),
            Settings = settings,
        };
        body.Codebooks.Add(codebook);
        foreach (ParameterTensor parameter in parameters)
        {
            var tensor = new QuantizedTensor { Name = parameter.Name, Codebook = 0 };
            tensor.Dims.AddRange(parameter.Dims);
            body.Tensors.Add(tensor);
        }
        return body;
    }
}
