using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Container;

/// <summary>
/// Writes the ONNX model a container restores (<see cref="NqzDecoder"/>): as one file when it fits one protobuf message,
/// else, or when asked, with its initializers' data in one file beside it (<see cref="ExternalDataWriter"/>). The
/// external-data path decodes and writes one tensor at a time, so memory stays at the container, the skeleton and about
/// one tensor, however large the model (docs/onnx.md, "Models past 2 GiB").
/// </summary>
public static class RestoredModelFile
{
    // A tensor's field tag, length prefix and data_type/dims beside its raw bytes: a generous bound for the size estimate.
    const long TensorOverheadBytes = 64;

    /// <param name="description">How errors name the container (its path).</param>
    /// <returns>The data file written beside the model, or null when the model went into one file.</returns>
    public static string? Write(NqzBody body, string description, string path, bool externalData = false)
    {
        string dataPath = ExternalDataWriter.DataFilePath(path);
        ModelProto skeleton = NqzDecoder.Skeleton(body, description);
        if (!externalData && RestoredBytes(body, skeleton) <= OnnxModelFile.MaxMessageBytes)
        {
            OnnxModelFile.Save(NqzDecoder.DecodeModel(body, description), path);
            return null;
        }
        try
        {
            ExternalDataWriter.Write(skeleton, path, Released(NqzDecoder.EnumerateTensors(body)));
        }
        catch (OnnxFormatException e)
        {
            throw new NqzFormatException($"{description} is invalid: {e.Message}", e);
        }
        return dataPath;
    }

    /// <summary>
    /// The tensors, with a full collection once every <see cref="CollectEveryBytes"/> of values handed out. Each tensor's
    /// values are garbage once written, but the GC's budget for large objects grows to gigabytes on a machine with free
    /// memory and let them pile up: a 2.3 GB model's decompress peaked at 5.8 GB without this (docs/results.md, "Models
    /// past 2 GiB"). Aggressive mode hands the freed pages back at once; the collections cost little beside decoding.
    /// </summary>
    static IEnumerable<ParameterTensor> Released(IEnumerable<ParameterTensor> tensors)
    {
        long handedOut = 0;
        foreach (ParameterTensor tensor in tensors)
        {
            handedOut += tensor.ElementCount * sizeof(float);
            yield return tensor;
            if (handedOut < CollectEveryBytes) continue;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            handedOut = 0;
        }
    }

    const long CollectEveryBytes = 256L << 20;

    /// <summary>The size of the restored model as one protobuf message, from the skeleton and the tensors' shapes and types, without decoding.</summary>
    public static long RestoredBytes(NqzBody body, ModelProto skeleton)
    {
        Dictionary<string, TensorSite> sites = ModelTensors.FloatingByIdentity(skeleton);
        long size = OnnxModelFile.SerializedBytes(skeleton);
        foreach (QuantizedTensor tensor in body.Tensors)
            size += TensorData.ElementCount(tensor.Dims) * FloatingTypes.ElementBytes(sites[tensor.Name].Tensor.DataType) + TensorOverheadBytes;
        return size;
    }
}
