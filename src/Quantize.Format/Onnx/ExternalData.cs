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
        (string path, long offset, long length) = Locate(tensor, root, location);
        using FileStream stream = File.OpenRead(path);
        var bytes = new byte[length];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// The file and byte range a tensor's external data names, checked without reading it: inside the model's folder,
    /// an existing file, a range within it that one tensor can hold. <paramref name="root"/> is the model's folder.
    /// </summary>
    public static (string Path, long Offset, long Length) Locate(string tensor, string root, ExternalLocation location)
    {
        string path = Resolve(tensor, Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)), location.Path);
        if (!File.Exists(path))
            throw new OnnxFormatException($"tensor '{tensor}' keeps its data in '{location.Path}', which does not exist beside the model");
        long fileLength = new FileInfo(path).Length;
        long length = location.Length ?? fileLength - location.Offset;
        if (location.Offset > fileLength || length < 0 || length > fileLength - location.Offset)
            throw new OnnxFormatException($"tensor '{tensor}' reads bytes {location.Offset}..{location.Offset + length} of '{location.Path}', which holds {fileLength} bytes");
        if (length > Array.MaxLength)
            throw new OnnxFormatException($"tensor '{tensor}' has {length} bytes of external data, more than one tensor can hold");
        return (path, location.Offset, length);
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
