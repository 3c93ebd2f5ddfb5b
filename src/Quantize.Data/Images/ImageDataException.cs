namespace Quantize.Data.Images;

/// <summary>An image folder or image we cannot use; the one-line message names the folder or file and the problem.</summary>
public sealed class ImageDataException(string message, Exception? inner = null) : Exception(message, inner);
