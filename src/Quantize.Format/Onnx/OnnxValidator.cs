using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>
/// The one check every command applies to a model it reads (<see cref="OnnxModelFile.Load"/>, a container's model in
/// <c>NqzDecoder</c>): tensors of different identity (<see cref="ModelTensors"/>), and every stored tensor — initializers
/// and tensor attributes of all graphs — with a countable shape and exactly the data its shape and type claim, inline or in
/// an external file inside the model's folder. A model that fails is malformed for inspect as for compress (issue 18).
/// </summary>
public static class OnnxValidator
{
    /// <param name="folder">The model file's folder, where its external data must lie; null for a model held in memory (a
    /// container's), which may not refer to files.</param>
    /// <param name="filledLater">Identities of tensors a container restores: they may be stored without data.</param>
    public static void Validate(ModelProto model, string? folder, IReadOnlySet<string>? filledLater = null)
    {
        foreach (TensorProto tensor in AllTensors.Of(model.Graph)) Count(tensor); // shapes first: the rule for learned tensors counts them
        IReadOnlyList<TensorSite> sites = ModelTensors.Find(model); // refuses two tensors of one identity
        var mayBeEmpty = new HashSet<TensorProto>(ReferenceEqualityComparer.Instance);
        if (filledLater != null)
            foreach (TensorSite site in sites)
                if (filledLater.Contains(site.Identity)) mayBeEmpty.Add(site.Tensor);
        foreach (TensorProto tensor in AllTensors.Of(model.Graph))
            Check(tensor, folder, mayBeEmpty.Contains(tensor));
    }

    static void Check(TensorProto tensor, string? folder, bool mayBeEmpty)
    {
        long count = Count(tensor);
        StoredType type = StoredType.Of(tensor.DataType);
        if (ExternalData.IsExternal(tensor))
        {
            if (folder == null)
                throw new OnnxFormatException($"tensor '{tensor.Name}' refers to an external data file; a model inside a container holds all its data");
            (_, _, long length) = ExternalData.Locate(tensor.Name, folder, ExternalLocation.Of(tensor));
            if (type.Bytes(count) is { } expected && length != expected)
                throw new OnnxFormatException($"tensor '{tensor.Name}' has {length} bytes of external data for {count} {type.Name} values");
            return;
        }
        if (tensor.HasRawData)
        {
            if (type.Bytes(count) is { } expected && tensor.RawData.Length != expected)
                throw new OnnxFormatException($"tensor '{tensor.Name}' has {tensor.RawData.Length} bytes of data for {count} {type.Name} values");
            return;
        }
        if (type.TypedValues(tensor) is not { } stored) return; // a type we do not know: its layout is not ours to judge
        if (stored == 0 && (count == 0 || mayBeEmpty)) return;
        if (stored != type.TypedCount(count))
            throw new OnnxFormatException($"tensor '{tensor.Name}' has {stored} stored values for shape [{string.Join(",", tensor.Dims)}] of {type.Name}");
    }

    static long Count(TensorProto tensor)
    {
        try
        {
            return TensorData.ElementCount(tensor.Dims);
        }
        catch (OnnxFormatException e)
        {
            throw new OnnxFormatException($"tensor '{tensor.Name}' has a {e.Message}", e);
        }
    }
}
