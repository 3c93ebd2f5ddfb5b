namespace Quantize.Data.Images;

/// <summary>A height and width in pixels, in that order (torchvision's <c>Resize((H, W))</c>).</summary>
public readonly record struct ImageSize(int Height, int Width)
{
    public override string ToString() => $"{Height}x{Width}";
}
