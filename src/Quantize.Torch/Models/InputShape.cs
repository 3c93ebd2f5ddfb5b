using System.Globalization;

namespace Quantize.Torch.Models;

/// <summary>The image a network takes: channels × height × width (Fashion-MNIST 1×28×28, CIFAR 3×32×32).</summary>
public sealed record InputShape(int Channels, int Height, int Width)
{
    public static readonly InputShape FashionMnist = new(1, 28, 28);
    public static readonly InputShape Cifar = new(3, 32, 32);

    public long Features => (long)Channels * Height * Width;

    /// <summary>"CxHxW", as stored in checkpoint metadata.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Channels}x{Height}x{Width}");

    public static InputShape? TryParse(string text)
    {
        string[] parts = text.Split('x');
        if (parts.Length != 3) return null;
        var sizes = new int[3];
        for (int i = 0; i < 3; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1) return null;
        return new InputShape(sizes[0], sizes[1], sizes[2]);
    }
}
