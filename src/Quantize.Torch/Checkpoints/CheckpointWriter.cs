using Quantize.Format.SafeTensors;
using Quantize.Torch.Models;
using static TorchSharp.torch;

namespace Quantize.Torch.Checkpoints;

/// <summary>
/// Writes a built-in module's state dictionary: as safetensors (PyTorch names, float32, with the
/// architecture and input shape in the metadata) when the path ends in .safetensors, else in TorchSharp's
/// <c>Module.save</c> layout, which TorchSharp's <c>Module.load</c> reads back.
/// </summary>
public static class CheckpointWriter
{
    public static void Write(string path, nn.Module module, string architecture, InputShape input, string producer)
    {
        if (string.Equals(Path.GetExtension(path), CheckpointFile.SafeTensorsExtension, StringComparison.OrdinalIgnoreCase))
        {
            SafeTensorsFile.Write(path, ModuleState.Read(module), new Dictionary<string, string>
            {
                [CheckpointFile.MetadataArch] = architecture,
                [CheckpointFile.MetadataInput] = input.ToString(),
                ["producer"] = producer,
            });
            return;
        }
        // The TorchSharp layout keeps the step counters: Module.load in strict mode expects every entry.
        var entries = module.state_dict().Select(p => (p.Key, p.Value)).ToList();
        using var _ = no_grad();
        TorchSharpStateFile.Write(path, entries.Select(e =>
        {
            using Tensor cpu = e.Value.detach().cpu().to(ScalarType.Float32).contiguous();
            return new Format.Onnx.ParameterTensor(e.Key, cpu.shape, cpu.data<float>().ToArray());
        }).ToList());
    }
}
