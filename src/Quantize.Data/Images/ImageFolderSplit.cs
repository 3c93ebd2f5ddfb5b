namespace Quantize.Data.Images;

/// <summary>
/// One split of an image folder: its class names (index = position), and every image file with its class index, in
/// the order torchvision's <c>ImageFolder</c> lists them (class by class, files sorted).
/// </summary>
public sealed record ImageFolderSplit(string Directory, IReadOnlyList<string> Classes, IReadOnlyList<string> Files, int[] Labels)
{
    public int Count => Files.Count;
}
