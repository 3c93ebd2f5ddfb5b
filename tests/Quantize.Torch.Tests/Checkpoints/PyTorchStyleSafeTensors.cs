using System.Text;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Checkpoints;

/// <summary>
/// Writes a state dict the way <c>safetensors.torch.save_file(model.state_dict())</c> does: each tensor in
/// its own dtype (F32 weights and statistics, I64 BatchNorm step counters), no metadata.
/// </summary>
static class PyTorchStyleSafeTensors
{
    public static void Write(string path, IEnumerable<(string Name, Tensor Value)> stateDict)
    {
        var header = new JsonObject();
        var data = new MemoryStream();
        foreach ((string name, Tensor value) in stateDict)
        {
            using Tensor cpu = value.detach().contiguous();
            byte[] bytes = cpu.dtype switch
            {
                ScalarType.Float32 => cpu.data<float>().ToArray().SelectMany(BitConverter.GetBytes).ToArray(),
                ScalarType.Int64 => cpu.data<long>().ToArray().SelectMany(BitConverter.GetBytes).ToArray(),
                _ => throw new ArgumentException($"unexpected dtype {cpu.dtype} for {name}"),
            };
            header[name] = new JsonObject
            {
                ["dtype"] = cpu.dtype == ScalarType.Float32 ? "F32" : "I64",
                ["shape"] = new JsonArray(cpu.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(data.Length, data.Length + bytes.Length),
            };
            data.Write(bytes);
        }
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        using FileStream file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)json.Length));
        file.Write(json);
        data.Position = 0;
        data.CopyTo(file);
    }
}
