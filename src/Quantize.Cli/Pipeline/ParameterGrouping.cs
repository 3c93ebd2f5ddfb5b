using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Splits the parameters into codebook groups: one group of everything (the paper: all layers at once),
/// or one group per layer, a layer being the node that consumes the tensors (a conv's kernel and bias together).
/// </summary>
public static class ParameterGrouping
{
    public static IReadOnlyList<ParameterGroup> AllAtOnce(IReadOnlyList<ParameterTensor> parameters) =>
        [new ParameterGroup("all", LayerKind.Other, parameters)];

    public static IReadOnlyList<ParameterGroup> PerLayer(ModelProto model, IReadOnlyList<ParameterTensor> parameters)
    {
        var layerOf = new Dictionary<string, (string Layer, LayerKind Kind)>(StringComparer.Ordinal);
        foreach (NodeProto node in model.Graph.Node)
        {
            LayerKind kind = node.OpType switch
            {
                "Conv" or "ConvTranspose" => LayerKind.Convolution,
                "Gemm" or "MatMul" => LayerKind.FullyConnected,
                _ => LayerKind.Other,
            };
            string layer = string.IsNullOrEmpty(node.Name) ? node.Output.FirstOrDefault() ?? node.OpType : node.Name;
            foreach (string input in node.Input) layerOf.TryAdd(input, (layer, kind));
        }

        var groups = new List<(string Layer, LayerKind Kind, List<ParameterTensor> Tensors)>();
        foreach (ParameterTensor parameter in parameters)
        {
            (string layer, LayerKind kind) = layerOf.TryGetValue(parameter.Name, out var found) ? found : (parameter.Name, LayerKind.Other);
            int index = groups.FindIndex(g => g.Layer == layer);
            if (index < 0) groups.Add((layer, kind, [parameter]));
            else groups[index].Tensors.Add(parameter);
        }
        return groups.Select(g => new ParameterGroup(g.Layer, g.Kind, g.Tensors)).ToList();
    }
}
