using System.Globalization;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>The external_data entries of a tensor: location (required), offset and length (optional, in bytes).</summary>
public readonly record struct ExternalLocation(string Path, long Offset, long? Length)
{
    public static ExternalLocation Of(TensorProto tensor)
    {
        string? path = null;
        long offset = 0;
        long? length = null;
        foreach (StringStringEntryProto entry in tensor.ExternalData)
        {
            switch (entry.Key)
            {
                case "location": path = entry.Value; break;
                case "offset": offset = Number(tensor, entry); break;
                case "length": length = Number(tensor, entry); break;
            }
        }
        if (string.IsNullOrEmpty(path))
            throw new OnnxFormatException($"tensor '{tensor.Name}' is marked as external but names no location");
        return new ExternalLocation(path, offset, length);
    }

    static long Number(TensorProto tensor, StringStringEntryProto entry) =>
        long.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new OnnxFormatException($"tensor '{tensor.Name}' has external-data {entry.Key} '{entry.Value}', not a byte count");
}
