using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>
/// The learned parameters of an ONNX model (<see cref="LearnedParameterRule"/>), in the order of
/// <see cref="ModelTensors"/>. That order is the order of the concatenated parameter vector that the
/// quantizers see. Each parameter is named by its identity (docs/onnx.md): a main-graph initializer by
/// its own name, other tensors by a path.
/// </summary>
public static class ModelParameters
{
    /// <param name="releaseData">Clear each learned tensor's data in <paramref name="model"/> once its values are read,
    /// leaving what <see cref="WithoutData"/> would: for callers that never need the model's own copy of the weights
    /// again, so a large model is not held twice (stored bytes and float values).</param>
    public static IReadOnlyList<ParameterTensor> Extract(ModelProto model, bool releaseData = false)
    {
        var parameters = new List<ParameterTensor>();
        foreach (TensorSite site in ModelTensors.Find(model))
            if (site.Learned)
            {
                parameters.Add(new ParameterTensor(site.Identity, site.Tensor.Dims.ToArray(), TensorData.ReadFloats(site.Tensor)));
                if (releaseData) TensorData.ClearData(site.Tensor);
            }
        if (parameters.Count == 0)
            throw new OnnxFormatException("the model has no floating-point weights to compress");
        return parameters;
    }

    /// <summary>A copy of the model whose named tensors hold the given values; all else is kept.</summary>
    public static ModelProto WithValues(ModelProto model, IEnumerable<ParameterTensor> parameters)
    {
        ModelProto copy = model.Clone();
        FillValues(copy, parameters);
        return copy;
    }

    /// <summary>
    /// Like <see cref="WithValues"/> but fills the given model in place (for one that was just parsed).
    /// Any floating-point tensor may be named; each keeps its stored type, so float16 and bfloat16 ones
    /// round the values given.
    /// </summary>
    public static void FillValues(ModelProto copy, IEnumerable<ParameterTensor> parameters)
    {
        Dictionary<string, TensorSite> byIdentity = ModelTensors.FloatingByIdentity(copy);
        foreach (ParameterTensor parameter in parameters) FillValues(byIdentity, parameter);
    }

    /// <summary>One tensor of <see cref="FillValues(ModelProto, IEnumerable{ParameterTensor})"/>, found in <see cref="ModelTensors.FloatingByIdentity"/>.</summary>
    internal static void FillValues(Dictionary<string, TensorSite> byIdentity, ParameterTensor parameter) =>
        TensorData.WriteValues(Target(byIdentity, parameter), parameter.Values);

    /// <summary>The floating-point tensor that <paramref name="parameter"/> names, checked to have as many elements as it has values.</summary>
    internal static TensorProto Target(Dictionary<string, TensorSite> byIdentity, ParameterTensor parameter)
    {
        if (!byIdentity.TryGetValue(parameter.Name, out TensorSite? site))
            throw new OnnxFormatException($"the model has no floating-point tensor named '{parameter.Name}'");
        TensorProto tensor = site.Tensor;
        if (TensorData.ElementCount(tensor.Dims) != parameter.ElementCount)
            throw new OnnxFormatException($"tensor '{parameter.Name}' has shape [{string.Join(",", tensor.Dims)}] but {parameter.ElementCount} values were given");
        return tensor;
    }

    /// <summary>Main-graph initializers by name; a name given twice makes the graph ambiguous and is refused.</summary>
    public static Dictionary<string, TensorProto> InitializersByName(ModelProto model)
    {
        var byName = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (TensorProto tensor in model.Graph.Initializer)
            if (!byName.TryAdd(tensor.Name, tensor))
                throw new OnnxFormatException($"the graph has two initializers named '{tensor.Name}'");
        return byName;
    }

    /// <summary>
    /// A copy of the model in which the named tensors keep name, type and shape but no data. raw_data is shared by
    /// the copy until cleared, never duplicated, so a large model is not held twice; the model itself is only read.
    /// </summary>
    public static ModelProto WithoutData(ModelProto model, IEnumerable<string> names)
    {
        // Cleared in the copy, never in the model: sweep makes skeletons of one shared model on several threads, and
        // clearing and restoring it in place let one thread clone another's restored tensors.
        var set = new HashSet<string>(names, StringComparer.Ordinal);
        ModelProto copy = model.Clone();
        foreach (TensorSite site in ModelTensors.Find(copy).Where(s => set.Contains(s.Identity))) TensorData.ClearData(site.Tensor);
        return copy;
    }
}
