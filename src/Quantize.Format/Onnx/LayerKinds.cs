using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>Classifies each initializer by the first node that consumes it: Conv → convolution; Gemm/MatMul → fully connected.</summary>
public static class LayerKinds
{
    public static IReadOnlyDictionary<string, LayerKind> Classify(ModelProto model)
    {
        var kinds = new Dictionary<string, LayerKind>(StringComparer.Ordinal);
        foreach (NodeProto node in model.Graph.Node)
        {
            LayerKind kind = node.OpType switch
            {
                "Conv" or "ConvTranspose" => LayerKind.Convolution,
                "Gemm" or "MatMul" => LayerKind.FullyConnected,
                _ => LayerKind.Other,
            };
            foreach (string input in node.Input)
                kinds.TryAdd(input, kind);
        }
        return kinds;
    }
}
