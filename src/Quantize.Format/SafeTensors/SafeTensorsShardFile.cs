namespace Quantize.Format.SafeTensors;

/// <summary>One file of a safetensors model: where it is, its header's JSON bytes as stored, and the header parsed.</summary>
public sealed record SafeTensorsShardFile(string Path, byte[] HeaderJson, SafeTensorsHeader Header)
{
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>Where the data area starts in the file: after the 8-byte length and the header.</summary>
    public long DataStart => 8 + HeaderJson.LongLength;
}
