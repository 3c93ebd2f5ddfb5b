using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>
/// Which stored tensors are learned parameters (docs/onnx.md states the rule for users):
/// a tensor must be floating point and hold more than one element, wherever it is stored (a rank-0 or
/// single-element tensor is a fixed constant: a learned scalar is rare, while exporters keep epsilons, the
/// odd 2^20 inside an If branch and other magic numbers that way, and one such value quantized with the weights
/// stretches the codebook's range for nothing); a Constant node's tensor must also have at least
/// <see cref="MinConstantElements"/> elements (exporters keep fixed scalars such as epsilons and
/// 1/sqrt(d) in Constant nodes, while learned weights there are arrays); and a tensor whose every use
/// is a configuration input of an operator (<see cref="ConfigurationInputs"/>: Resize scales, Clip
/// bounds, quantization scales, ...) is fixed, because changing it changes what the graph computes
/// rather than how well; BatchNormalization's running statistics are kept for the same reason. Initializers are learned otherwise, whatever their size, as trained exports
/// keep every weight and bias there.
/// </summary>
public static class LearnedParameterRule
{
    public const int MinConstantElements = 16;

    /// <summary>Operator inputs (default domain) that configure the operator rather than carry learned values.</summary>
    public static readonly IReadOnlyDictionary<string, int[]> ConfigurationInputs = new Dictionary<string, int[]>(StringComparer.Ordinal)
    {
        ["Resize"] = [1, 2],          // roi, scales
        ["Upsample"] = [1],           // scales
        ["Clip"] = [1, 2],            // min, max
        ["Pad"] = [2],                // constant_value
        ["Pow"] = [1],                // exponent
        ["Range"] = [0, 1, 2],        // start, limit, delta
        ["Dropout"] = [1],            // ratio
        ["QuantizeLinear"] = [1, 2],  // scale, zero point
        ["DequantizeLinear"] = [1, 2],
        // Running mean and variance: statistics of the training data, not learned by the loss. Variances reach the
        // hundreds, so quantized with the weights they would stretch every codebook's range (a ResNet-20 fell to 10%).
        ["BatchNormalization"] = [3, 4],
    };

    public static bool IsLearned(TensorProto tensor, TensorOrigin origin, ValueUses uses)
    {
        if (!TensorData.IsFloating(tensor)) return false;
        if (TensorData.ElementCount(tensor.Dims) <= 1) return false;
        if (origin == TensorOrigin.ConstantNode && TensorData.ElementCount(tensor.Dims) < MinConstantElements) return false;
        return !uses.OnlyConfiguration;
    }

    public static bool IsConfigurationInput(NodeProto node, int input) =>
        (node.Domain is "" or "ai.onnx") && ConfigurationInputs.TryGetValue(node.OpType, out int[]? inputs) && inputs.Contains(input);
}
