using System.Globalization;

namespace Quantize.Torch.Models;

/// <summary>The built-in architectures by name: lenet5, lenet-300-100, and CIFAR ResNets "resnet{6n+2}" (resnet20, resnet32, ...).</summary>
public static class ModelZoo
{
    public const string LeNet5Name = "lenet5";
    public const string LeNet300100Name = "lenet-300-100";

    /// <summary>The names <c>quantize train --arch</c> offers.</summary>
    public static readonly IReadOnlyList<string> Names = [LeNet5Name, LeNet300100Name, ResNetName(3), ResNetName(5)];

    public static string ResNetName(int blocksPerStage) => string.Create(CultureInfo.InvariantCulture, $"resnet{CifarResNet.DepthOf(blocksPerStage)}");

    public static ModelArchitecture? Find(string name)
    {
        if (name == LeNet5Name)
            return new(name, FixedLeNet5, (model, _, version) => LeNet5Onnx.Export((LeNet5)model, version));
        if (name == LeNet300100Name)
            return new(name, input => new LeNet300100(input), (model, input, version) => LeNet300100Onnx.Export((LeNet300100)model, input, version));
        if (name.StartsWith("resnet", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out int depth) && depth >= 8 && (depth - 2) % 6 == 0)
        {
            int blocks = (depth - 2) / 6;
            return new(name, input => new CifarResNet(blocks, input.Channels), (model, input, version) => CifarResNetOnnx.Export((CifarResNet)model, input, version));
        }
        return null;
    }

    public static ModelArchitecture Get(string name) =>
        Find(name) ?? throw new ArgumentException($"unknown architecture '{name}' (known: {string.Join(", ", Names)}, or resnet{{6n+2}})", nameof(name));

    // LeNet-5's fc1 is sized for 28×28 single-channel images (50×4×4 after two conv+pool stages).
    static LeNet5 FixedLeNet5(InputShape input) =>
        input == InputShape.FashionMnist ? new LeNet5() : throw new ArgumentException($"lenet5 takes {InputShape.FashionMnist} images, not {input}");
}
