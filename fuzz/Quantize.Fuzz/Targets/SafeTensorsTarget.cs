using System.Text;
using Quantize.Format.Onnx;
using Quantize.Format.SafeTensors;

namespace Quantize.Fuzz.Targets;

/// <summary>
/// safetensors: SafeTensorsFile.Parse, and what it read written again and re-read: a file it accepts must survive the
/// round trip with the same names, shapes, values (bit for bit) and metadata.
/// </summary>
sealed class SafeTensorsTarget : FuzzTarget
{
    public override string Name => "safetensors";

    public override string Description => "safetensors: SafeTensorsFile.Parse, then Write and Parse again (same names, shapes, bits, metadata)";

    public override IReadOnlyList<Type> Expected { get; } = [typeof(SafeTensorsFormatException)];

    public override void Run(byte[] input, Scratch scratch)
    {
        SafeTensorsContent content = SafeTensorsFile.Parse(input, "fuzz input");
        byte[] written = Execution.Must("the file parsed", () =>
        {
            using var stream = new MemoryStream();
            SafeTensorsFile.Write(stream, content.Tensors, content.Metadata);
            return stream.ToArray();
        });
        SafeTensorsContent reread = Execution.Must("the parsed tensors were written", () => SafeTensorsFile.Parse(written, "the rewritten file"));
        Execution.Check(reread.Tensors.Count == content.Tensors.Count, "the rewritten file has as many tensors");
        foreach ((ParameterTensor a, ParameterTensor b) in content.Tensors.Zip(reread.Tensors))
        {
            Execution.Check(a.Name == b.Name && a.Dims.SequenceEqual(b.Dims), $"tensor '{a.Name}' keeps its name and shape");
            Execution.Check(a.Values.Select(BitConverter.SingleToInt32Bits).SequenceEqual(b.Values.Select(BitConverter.SingleToInt32Bits)), $"tensor '{a.Name}' keeps its values");
        }
        Execution.Check(content.Metadata.Count == reread.Metadata.Count && content.Metadata.All(p => reread.Metadata.GetValueOrDefault(p.Key) == p.Value), "the metadata survive");
    }

    public override IEnumerable<Seed> Seeds(string repositoryRoot)
    {
        ParameterTensor[] tensors =
        [
            new("conv.weight", [2, 1, 2, 2], [0.5f, -1.25f, 3f, 0f, -0f, 1e-3f, 2f, -7.5f]),
            new("fc.bias", [3], [1f, 2f, 3f]),
            new("scalar", [], [42f]),
        ];
        using (var stream = new MemoryStream())
        {
            SafeTensorsFile.Write(stream, tensors, new Dictionary<string, string> { ["format"] = "pt", ["source"] = "fuzz" });
            yield return new Seed("f32-metadata.safetensors", stream.ToArray());
        }
        // F64 and I64 (PyTorch's num_batches_tracked), written by hand as torch.save_file would.
        yield return new Seed("f64-i64.safetensors", Handmade(
            """{"bn.num_batches_tracked":{"dtype":"I64","shape":[],"data_offsets":[0,8]},"w":{"dtype":"F64","shape":[2],"data_offsets":[8,24]}}""",
            [.. BitConverter.GetBytes(1234L), .. BitConverter.GetBytes(0.25), .. BitConverter.GetBytes(-3.5)]));
        yield return new Seed("empty.safetensors", Handmade("{}", []));
    }

    static byte[] Handmade(string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        return [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. data];
    }
}
