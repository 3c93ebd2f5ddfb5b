using Google.Protobuf;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>
/// Reads tensors whose data lives in external files (data_location = EXTERNAL, with location, offset
/// and length entries) into raw_data, so that the rest of the tool sees one self-contained model and a
/// container's skeleton never refers to files beside the original. Locations are relative to the
/// model's folder and may not leave it.
/// </summary>
public static class ExternalData
{
    public static bool IsExternal(TensorProto tensor) => tensor.DataLocation == TensorProto.Types.DataLocation.External;

    /// <summary>Inlines every external tensor of the model; <paramref name="folder"/> is the folder of the model file.</summary>
    public static void Inline(ModelProto model, string folder)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        foreach (TensorProto tensor in AllTensors.Of(model.Graph).Where(IsExternal).ToList())
        {
            ExternalLocation location = ExternalLocation.Of(tensor);
            tensor.RawData = UnsafeByteOperations.UnsafeWrap(Read(tensor.Name, root, location));
            tensor.ExternalData.Clear();
            tensor.ClearDataLocation();
        }
    }

    static byte[] Read(string tensor, string root, ExternalLocation location)
    {
        string path = Resolve(tensor, root, location.Path);
        if (!File.Exists(path))
            throw new OnnxFormatException($"tensor '{tensor}' keeps its data in '{location.Path}', which does not exist beside the model");
        using FileStream stream = File.OpenRead(path);
        long length = location.Length ?? stream.Length - location.Offset;
        if (location.Offset > stream.Length || length < 0 || length > stream.Length - location.Offset)
            throw new OnnxFormatException($"tensor '{tensor}' reads bytes {location.Offset}..{location.Offset + length} of '{location.Path}', which holds {stream.Length} bytes");
        if (length > Array.MaxLength)
            throw new OnnxFormatException($"tensor '{tensor}' has {length} bytes of external data, more than one tensor can hold");
        var bytes = new byte[length];
        stream.Position = location.Offset;
        stream.ReadExactly(bytes);
        return bytes;
    }

    // A model file must not make us read anything outside its own folder (e.g. "../../etc/passwd").
    static string Resolve(string tensor, string root, string location)
    {
        // No file name holds a NUL; Path.GetFullPath would throw ArgumentException on one (found by fuzzing).
        if (location.Contains('\0'))
            throw new OnnxFormatException($"tensor '{tensor}' names external data at a location with a NUL character, which no file has");
        string full = Path.GetFullPath(Path.Combine(root, location));
        bool inside = !Path.IsPathRooted(location) &&
                      full.StartsWith(root + Path.DirectorySeparatorChar, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        if (!inside)
            throw new OnnxFormatException($"tensor '{tensor}' names external data at '{location}', outside the model's folder; only files beside the model are read");
        return full;
    }
}
