using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>
/// The learned parameters of an ONNX model: its float32 initializers, in graph order. That order is
/// the order of the concatenated parameter vector that the quantizers see.
/// </summary>
public static class ModelParameters
{
    public static IReadOnlyList<ParameterTensor> Extract(ModelProto model)
    {
        var parameters = new List<ParameterTensor>();
        foreach (TensorProto initializer in model.Graph.Initializer)
        {
            if (!TensorData.IsFloat32(initializer)) continue;
            parameters.Add(new ParameterTensor(initializer.Name, initializer.Dims.ToArray(), TensorData.ReadFloats(initializer)));
        }
        if (parameters.Count == 0)
            throw new OnnxFormatException("the model has no float32 initializers to compress");
        return parameters;
    }

    /// <summary>A copy of the model whose named initializers hold the given values; all else is kept.</summary>
    public static ModelProto WithValues(ModelProto model, IEnumerable<ParameterTensor> parameters)
    {
        ModelProto copy = model.Clone();
        FillValues(copy, parameters);
        return copy;
    }

    /// <summary>Like <see cref="WithValues"/> but fills the given model in place (for one that was just parsed).</summary>
    public static void FillValues(ModelProto copy, IEnumerable<ParameterTensor> parameters)
    {
        Dictionary<string, TensorProto> byName = InitializersByName(copy);
        foreach (ParameterTensor parameter in parameters)
        {
            if (!byName.TryGetValue(parameter.Name, out TensorProto? tensor))
                throw new OnnxFormatException($"the model has no initializer named '{parameter.Name}'");
            if (!TensorData.IsFloat32(tensor))
                throw new OnnxFormatException($"initializer '{parameter.Name}' has data type {tensor.DataType}, not float32");
            if (TensorData.ElementCount(tensor.Dims) != parameter.ElementCount)
                throw new OnnxFormatException($"initializer '{parameter.Name}' has shape [{string.Join(",", tensor.Dims)}] but {parameter.ElementCount} values were given");
            TensorData.WriteFloats(tensor, parameter.Values);
        }
    }

    /// <summary>Initializers by name; a name given twice makes the graph ambiguous and is refused.</summary>
    public static Dictionary<string, TensorProto> InitializersByName(ModelProto model)
    {
        var byName = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (TensorProto tensor in model.Graph.Initializer)
            if (!byName.TryAdd(tensor.Name, tensor))
                throw new OnnxFormatException($"the graph has two initializers named '{tensor.Name}'");
        return byName;
    }

    /// <summary>A copy of the model in which the named initializers keep name, type and shape but no data.</summary>
    public static ModelProto WithoutData(ModelProto model, IEnumerable<string> names)
    {
        ModelProto copy = model.Clone();
        var set = new HashSet<string>(names, StringComparer.Ordinal);
        foreach (TensorProto tensor in copy.Graph.Initializer)
            if (set.Contains(tensor.Name)) TensorData.ClearData(tensor);
        return copy;
    }
}
