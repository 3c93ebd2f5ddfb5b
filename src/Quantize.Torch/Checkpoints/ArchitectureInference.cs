using System.Globalization;
using Quantize.Format.Onnx;
using Quantize.Torch.Models;

namespace Quantize.Torch.Checkpoints;

/// <summary>
/// Works out which built-in architecture, and which input shape, a state dictionary belongs to. First the
/// metadata our train command writes ("quantize.arch", "quantize.input"); failing that, the keys:
/// "layer1.{i}.conv1.weight" → a CIFAR ResNet with as many blocks per stage as layer1 has (3 → resnet20,
/// 5 → resnet32); fc1..fc3 without convs → lenet-300-100; conv1, conv2, fc1, fc2 → lenet5. Input
/// channels come from the first layer's weight; the image size from fc1's width for lenet-300-100
/// (a square image of that many pixels per channel) and otherwise 28×28 for one channel, 32×32 for three.
/// </summary>
public static class ArchitectureInference
{
    public static (ModelArchitecture Architecture, InputShape Input) Infer(Checkpoint checkpoint, string description)
    {
        var shapes = checkpoint.Tensors.ToDictionary(t => t.Name, t => t.Dims, StringComparer.Ordinal);
        string name = checkpoint.Metadata.GetValueOrDefault(CheckpointFile.MetadataArch) ?? InferName(shapes, description);
        ModelArchitecture architecture = ModelZoo.Find(name)
            ?? throw new CheckpointFormatException($"{description} names architecture '{name}', which is not built in (known: {string.Join(", ", ModelZoo.Names)})");
        InputShape input = checkpoint.Metadata.TryGetValue(CheckpointFile.MetadataInput, out string? text)
            ? InputShape.TryParse(text) ?? throw new CheckpointFormatException($"{description} has input shape '{text}' in its metadata; expected CxHxW")
            : InferInput(name, shapes, description);
        return (architecture, input);
    }

    static string InferName(Dictionary<string, long[]> shapes, string description)
    {
        int blocks = 0;
        while (shapes.ContainsKey(string.Create(CultureInfo.InvariantCulture, $"layer1.{blocks}.conv1.weight"))) blocks++;
        if (blocks > 0) return ModelZoo.ResNetName(blocks);
        if (shapes.ContainsKey("fc1.weight") && shapes.ContainsKey("fc2.weight") && shapes.ContainsKey("fc3.weight") && !shapes.ContainsKey("conv1.weight"))
            return ModelZoo.LeNet300100Name;
        if (shapes.ContainsKey("conv1.weight") && shapes.ContainsKey("conv2.weight") && shapes.ContainsKey("fc1.weight") && shapes.ContainsKey("fc2.weight"))
            return ModelZoo.LeNet5Name;
        string keys = string.Join(", ", shapes.Keys.Take(6)) + (shapes.Count > 6 ? ", ..." : "");
        throw new CheckpointFormatException(
            $"cannot tell which architecture {description} holds from its keys ({(shapes.Count == 0 ? "none" : keys)}); " +
            $"built in: {string.Join(", ", ModelZoo.Names)} with PyTorch-style names such as conv1.weight, fc1.bias, layer1.0.bn1.running_mean");
    }

    static InputShape InferInput(string name, Dictionary<string, long[]> shapes, string description)
    {
        if (name == ModelZoo.LeNet5Name) return InputShape.FashionMnist;
        if (name == ModelZoo.LeNet300100Name)
        {
            if (!shapes.TryGetValue("fc1.weight", out long[]? fc1)) return InputShape.FashionMnist; // loading names the missing key
            long features = fc1 is [_, > 0 and var width] ? width : throw Misshaped(description, "fc1.weight", fc1);
            foreach (int channels in new[] { 1, 3 })
            {
                long side = (long)Math.Round(Math.Sqrt(features / (double)channels));
                if (features % channels == 0 && side * side * channels == features) return new InputShape(channels, (int)side, (int)side);
            }
            throw new CheckpointFormatException($"{description}: fc1.weight takes {features} inputs, not a square 1- or 3-channel image; " +
                                                $"write the shape as safetensors metadata {CheckpointFile.MetadataInput}=CxHxW");
        }
        // Without a usable conv1.weight, assume one channel: loading then names the missing or mis-shaped key.
        int inputChannels = shapes.TryGetValue("conv1.weight", out long[]? conv) && conv is [_, > 0 and <= 4096 and var c, _, _] ? (int)c : 1;
        return inputChannels == 1 ? InputShape.FashionMnist : new InputShape(inputChannels, 32, 32);
    }

    static CheckpointFormatException Misshaped(string description, string key, long[] dims) =>
        new($"{description}: {key} is shaped {string.Join("x", dims)}, which no built-in architecture has");
}
